'use strict';
// Static checks on every handler file: no SDK v2, self-contained (each is the index.js of its Lambda asset).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { builtinModules } = require('node:module');
const { HANDLERS_DIR } = require('./fakes');

const EXPECTED = [
  'app-user-on-event.js',
  'custom-domain-is-complete.js',
  'custom-domain-on-event.js',
  'express-domain-on-event.js',
  'image-deploy-is-complete.js',
  'image-deploy-on-event.js',
];
const files = fs.readdirSync(HANDLERS_DIR).filter((f) => f.endsWith('.js')).sort();

test('all expected handler files exist', () => {
  for (const f of EXPECTED) assert.ok(files.includes(f), f);
});

for (const f of files) {
  test.describe(f, () => {
    const file = path.join(HANDLERS_DIR, f);
    const src = fs.readFileSync(file, 'utf8');

    test('does not use AWS SDK v2', () => {
      assert.ok(!src.includes('require("aws-sdk")'));
      assert.ok(!src.includes("require('aws-sdk')"));
      assert.doesNotMatch(src, /require\(\s*[`'"]aws-sdk[/`'"]/);
    });

    test('only requires node built-ins and @aws-sdk/* v3 clients', () => {
      const reqs = [...src.matchAll(/require\(\s*([^)]*?)\s*\)/g)].map((m) => m[1]);
      assert.ok(reqs.length > 0);
      for (const r of reqs) {
        const m = /^['"]([^'"]+)['"]$/.exec(r);
        assert.ok(m, `non-literal require(${r})`);
        const name = m[1].replace(/^node:/, '');
        assert.ok(name.startsWith('@aws-sdk/client-') || builtinModules.includes(name), `require('${m[1]}')`);
      }
    });

    test('works standalone as index.js exporting handler and makeHandler', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-'));
      try {
        fs.writeFileSync(path.join(dir, 'index.js'), src);
        const mod = require(path.join(dir, 'index.js'));
        assert.equal(typeof mod.handler, 'function');
        assert.equal(typeof mod.makeHandler, 'function');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
