#!/usr/bin/env node
// usage: pin-build-versions.js <repository pom.xml> <generated pom.xml> <output pom>
//
// Writes a copy of a pom.xml made by jsii-pacmak in which each dependency's version range is
// replaced by the version the repository's pom.xml pins in its dependencyManagement; the copy is
// only used to compile the binding (ensure-jsii-bindings.sh installs the generated pom.xml as it
// is). Maven resolves a range by reading the POM of every version inside it: for aws-cdk-lib,
// constructs and jsii-runtime that is ~800 downloads, most of a generation's time on an empty local
// repository. Prints one line per pinned dependency.
'use strict';
const fs = require('fs');

const [rootPomPath, generatedPomPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: pin-build-versions.js <repository pom.xml> <generated pom.xml> <output pom>');
  process.exit(2);
}
const section = (xml, name) => (xml.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`)) || [])[1] || '';
const tag = (xml, name) => (xml.match(new RegExp(`<${name}>([^<]*)</${name}>`)) || [])[1];

const rootPom = fs.readFileSync(rootPomPath, 'utf8');
const properties = {};
for (const [, name, value] of section(rootPom, 'properties').matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)) {
  properties[name] = value;
}
const pins = new Map();
for (const [, dep] of section(rootPom, 'dependencyManagement').matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
  const version = (tag(dep, 'version') || '').replace(/\$\{([\w.-]+)\}/g, (all, name) => properties[name] ?? all);
  if (version && !version.includes('${')) {
    pins.set(`${tag(dep, 'groupId')}:${tag(dep, 'artifactId')}`, version);
  }
}

const pinned = [];
const generated = fs.readFileSync(generatedPomPath, 'utf8');
const out = generated.replace(/<dependency>([\s\S]*?)<\/dependency>/g, (block, dep) => {
  const key = `${tag(dep, 'groupId')}:${tag(dep, 'artifactId')}`;
  const range = tag(dep, 'version');
  const pin = pins.get(key);
  if (!range || !/^[[(]/.test(range) || !pin) {
    return block;
  }
  pinned.push(`${key} ${range} -> ${pin}`);
  return block.replace(`<version>${range}</version>`, `<version>${pin}</version>`);
});
fs.writeFileSync(outPath, out);
for (const line of pinned) {
  console.log(line);
}
