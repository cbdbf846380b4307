'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError } = require('./fakes');

const onEvent = require(handlerPath('custom-domain-on-event.js'));
const isComplete = require(handlerPath('custom-domain-is-complete.js'));
// keep handler progress logs out of the TAP output
test.beforeEach((t) => t.mock.method(console, 'log', () => {}));

const C = commands('AssociateCustomDomainCommand', 'DisassociateCustomDomainCommand', 'DescribeCustomDomainsCommand',
  'ChangeResourceRecordSetsCommand');

const ARN = 'arn:aws:apprunner:eu-west-1:111122223333:service/web/abc';
const ARN2 = 'arn:aws:apprunner:eu-west-1:111122223333:service/web2/def';
const props = (o = {}) => ({ ServiceToken: 'arn:lambda', ServiceArn: ARN, DomainName: 'app.example.com', EnableWWWSubdomain: 'false', ...o });
const PID = `${ARN}|app.example.com`;

// onEvent's Data.StartedAt: epoch ms (as a string) taken during the call
const startedAt = async (call) => {
  const before = Date.now();
  const res = await call();
  const at = Number(res.Data.StartedAt);
  assert.equal(typeof res.Data.StartedAt, 'string');
  assert.ok(at >= before && at <= Date.now(), res.Data.StartedAt);
  assert.deepEqual(Object.keys(res.Data), ['StartedAt']);
  return res;
};

test.describe('custom-domain-on-event', () => {
  const mk = (responder) => {
    const client = fakeClient(responder);
    return { client, h: onEvent.makeHandler({ client, commands: C }) };
  };

  test('Create associates the domain and returns ServiceArn|DomainName and Data.StartedAt', async () => {
    const { client, h } = mk();
    const res = await startedAt(() => h({ RequestType: 'Create', ResourceProperties: props() }));
    assert.equal(res.PhysicalResourceId, PID);
    assert.deepEqual(client.calls, [{
      name: 'AssociateCustomDomainCommand',
      input: { ServiceArn: ARN, DomainName: 'app.example.com', EnableWWWSubdomain: false },
    }]);
  });

  test('EnableWWWSubdomain string is parsed case-insensitively; omitted when absent', async () => {
    for (const [v, want] of [['true', true], ['TRUE', true], ['True', true], [true, true], ['false', false], ['False', false], [false, false]]) {
      const { client, h } = mk();
      await h({ RequestType: 'Create', ResourceProperties: props({ EnableWWWSubdomain: v }) });
      assert.equal(client.calls[0].input.EnableWWWSubdomain, want, String(v));
    }
    const { client, h } = mk();
    const p = props();
    delete p.EnableWWWSubdomain;
    await h({ RequestType: 'Create', ResourceProperties: p });
    assert.equal('EnableWWWSubdomain' in client.calls[0].input, false);
  });

  test('Create without ServiceArn or DomainName fails', async () => {
    const { client, h } = mk();
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props({ DomainName: '' }) }), /required/);
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props({ ServiceArn: undefined }) }), /required/);
    assert.equal(client.calls.length, 0);
  });

  test('Create propagates association errors', async () => {
    const { h } = mk(() => { throw sdkError('InvalidRequestException', 'app.example.com is already associated with x'); });
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props() }), { name: 'InvalidRequestException' });
  });

  test('Update with a new DomainName associates it under a new physical id', async () => {
    const { client, h } = mk();
    const res = await startedAt(() => h({
      RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ DomainName: 'www2.example.com' }), OldResourceProperties: props(),
    }));
    assert.equal(res.PhysicalResourceId, `${ARN}|www2.example.com`);
    assert.deepEqual(client.calls.map((c) => [c.name, c.input.ServiceArn, c.input.DomainName]),
      [['AssociateCustomDomainCommand', ARN, 'www2.example.com']]);
  });

  test('Update with a new ServiceArn associates it under a new physical id', async () => {
    const { client, h } = mk();
    const res = await startedAt(() => h({
      RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ ServiceArn: ARN2 }), OldResourceProperties: props(),
    }));
    assert.equal(res.PhysicalResourceId, `${ARN2}|app.example.com`);
    assert.equal(client.calls.length, 1);
    assert.equal(client.calls[0].input.ServiceArn, ARN2);
  });

  test('Update without ServiceArn/DomainName change is a no-op keeping the physical id (isComplete still gets StartedAt)', async () => {
    const { client, h } = mk();
    const res = await startedAt(() => h({
      RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ EnableWWWSubdomain: 'true', HostedZoneId: 'Z1' }), OldResourceProperties: props(),
    }));
    assert.equal(res.PhysicalResourceId, PID);
    assert.equal(client.calls.length, 0);
  });

  test('Delete disassociates the domain encoded in the physical id', async () => {
    const { client, h } = mk();
    // properties may differ from the physical id; the physical id wins
    const res = await h({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props({ DomainName: 'other.example.com' }) });
    assert.deepEqual(res, { PhysicalResourceId: PID });
    assert.deepEqual(client.calls, [{
      name: 'DisassociateCustomDomainCommand', input: { ServiceArn: ARN, DomainName: 'app.example.com' },
    }]);
  });

  test('Delete falls back to properties when the physical id is not ours', async () => {
    const { client, h } = mk();
    await h({ RequestType: 'Delete', PhysicalResourceId: 'some-request-id', ResourceProperties: props() });
    assert.deepEqual(client.calls[0].input, { ServiceArn: ARN, DomainName: 'app.example.com' });
  });

  for (const err of [
    sdkError('ResourceNotFoundException'),
    sdkError('InvalidStateException'),
    sdkError('InvalidRequestException', 'No custom domain app.example.com found for the provided service'),
  ]) {
    test(`Delete treats ${err.name} (${err.message}) as already gone`, async () => {
      const { client, h } = mk(() => { throw err; });
      const res = await h({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props() });
      assert.deepEqual(res, { PhysicalResourceId: PID });
      assert.equal(client.calls.length, 1);
    });
  }

  test('Delete propagates other errors', async () => {
    const { h } = mk(() => { throw sdkError('ThrottlingException', 'Rate exceeded'); });
    await assert.rejects(h({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props() }),
      { name: 'ThrottlingException' });
  });

  test('unsupported RequestType throws', async () => {
    const { h } = mk();
    await assert.rejects(h({ RequestType: 'Bogus', ResourceProperties: props() }), /Unsupported request type/);
  });
});

test.describe('custom-domain-is-complete', () => {
  const rec = (i) => ({ Name: `_n${i}.app.example.com.`, Value: `_v${i}.acm-validations.aws.`, Type: 'CNAME', Status: 'PENDING_VALIDATION' });
  const domain = (o = {}) => ({ DomainName: 'app.example.com', EnableWWWSubdomain: false, Status: 'pending_certificate_dns_validation', CertificateValidationRecords: [rec(0), rec(1)], ...o });
  const page = (CustomDomains, NextToken) => ({ DNSTarget: 'abc.eu-west-1.awsapprunner.com', ServiceArn: ARN, CustomDomains, NextToken });
  const mk = (pages) => {
    const client = fakeClient((name, input, i) => {
      assert.equal(name, 'DescribeCustomDomainsCommand');
      const p = typeof pages === 'function' ? pages(input, i) : pages[i];
      if (p instanceof Error) throw p;
      return p;
    });
    return { client, h: isComplete.makeHandler({ client, commands: C }) };
  };
  const ev = (RequestType, o = {}) => ({ RequestType, PhysicalResourceId: PID, ResourceProperties: props(), ...o });

  for (const RequestType of ['Create', 'Update']) {
    test(`${RequestType}: completes with DNSTarget and flattened validation records`, async () => {
      const { client, h } = mk([page([domain({ CertificateValidationRecords: [rec(0), rec(1), rec(2)] })])]);
      const res = await h(ev(RequestType));
      assert.deepEqual(client.calls, [{ name: 'DescribeCustomDomainsCommand', input: { ServiceArn: ARN } }]);
      assert.deepEqual(res, {
        IsComplete: true,
        Data: {
          DNSTarget: 'abc.eu-west-1.awsapprunner.com',
          ValidationRecordCount: '3',
          ValidationRecords: '_n0.app.example.com. CNAME _v0.acm-validations.aws.; _n1.app.example.com. CNAME _v1.acm-validations.aws.; '
            + '_n2.app.example.com. CNAME _v2.acm-validations.aws.',
          ValidationRecord0Name: '_n0.app.example.com.', ValidationRecord0Value: '_v0.acm-validations.aws.',
          ValidationRecord1Name: '_n1.app.example.com.', ValidationRecord1Value: '_v1.acm-validations.aws.',
          ValidationRecord2Name: '_n2.app.example.com.', ValidationRecord2Value: '_v2.acm-validations.aws.',
        },
      });
    });
  }

  test('not complete while records are missing or the domain is still creating', async () => {
    for (const d of [
      domain({ Status: 'creating', CertificateValidationRecords: undefined }),
      domain({ Status: 'creating', CertificateValidationRecords: [] }),
      domain({ Status: 'pending_certificate_dns_validation', CertificateValidationRecords: [] }),
      domain({ Status: 'pending_certificate_dns_validation', CertificateValidationRecords: undefined }),
      domain({ Status: 'creating' }),
    ]) {
      const { h } = mk([page([d])]);
      assert.deepEqual(await h(ev('Create')), { IsComplete: false }, JSON.stringify(d));
    }
  });

  test('not complete while the domain is not listed yet', async () => {
    const { h } = mk([page([domain({ DomainName: 'other.example.com' })])]);
    assert.deepEqual(await h(ev('Create')), { IsComplete: false });
    const { h: h2 } = mk([{ DNSTarget: 'x' }]);
    assert.deepEqual(await h2(ev('Create')), { IsComplete: false });
  });

  test('statuses are compared case-insensitively', async () => {
    for (const Status of ['PENDING_CERTIFICATE_DNS_VALIDATION', 'Active', 'active', 'BINDING_CERTIFICATE']) {
      const { h } = mk([page([domain({ Status })])]);
      const res = await h(ev('Create'));
      assert.equal(res.IsComplete, true, Status);
      assert.equal(res.Data.ValidationRecordCount, '2');
    }
    const { h } = mk([page([domain({ Status: 'CREATING' })])]);
    assert.deepEqual(await h(ev('Create')), { IsComplete: false });
  });

  test('domain names are compared case-insensitively', async () => {
    const { h } = mk([page([domain({ DomainName: 'App.Example.COM' })])]);
    assert.equal((await h(ev('Create'))).IsComplete, true);
  });

  for (const Status of ['create_failed', 'CREATE_FAILED', 'delete_failed', 'Delete_Failed']) {
    test(`Create fails on status ${Status}`, async () => {
      const { h } = mk([page([domain({ Status })])]);
      await assert.rejects(h(ev('Create')), new RegExp(`status is ${Status}`));
    });
  }

  test('paginates with NextToken until the domain is found', async () => {
    const { client, h } = mk([
      page([domain({ DomainName: 'a.example.com' })], 't1'),
      page([], 't2'),
      page([domain()], 't3'),
      page([], undefined),
    ]);
    const res = await h(ev('Create'));
    assert.equal(res.IsComplete, true);
    assert.deepEqual(client.calls.map((c) => c.input), [
      { ServiceArn: ARN }, { ServiceArn: ARN, NextToken: 't1' }, { ServiceArn: ARN, NextToken: 't2' },
    ]);
  });

  test('pagination stops at the last page when the domain is absent', async () => {
    const { client, h } = mk([page([], 't1'), page([domain({ DomainName: 'b.example.com' })])]);
    assert.deepEqual(await h(ev('Update')), { IsComplete: false });
    assert.equal(client.calls.length, 2);
  });

  test('Create propagates DescribeCustomDomains errors (even ResourceNotFound)', async () => {
    const { h } = mk([sdkError('ResourceNotFoundException')]);
    await assert.rejects(h(ev('Create')), { name: 'ResourceNotFoundException' });
  });

  test('Delete: complete once the domain is no longer listed', async () => {
    const { client, h } = mk([page([domain({ DomainName: 'other.example.com' })], 't1'), page([])]);
    assert.deepEqual(await h(ev('Delete')), { IsComplete: true });
    assert.equal(client.calls.length, 2);
  });

  test('Delete: not complete while the domain is listed (any page, any case)', async () => {
    for (const Status of ['deleting', 'DELETING', 'active', 'pending_certificate_dns_validation']) {
      const { h } = mk([page([], 't1'), page([domain({ Status })])]);
      assert.deepEqual(await h(ev('Delete')), { IsComplete: false }, Status);
    }
  });

  test('Delete: complete when the service is gone', async () => {
    const { h } = mk([sdkError('ResourceNotFoundException', 'service not found')]);
    assert.deepEqual(await h(ev('Delete')), { IsComplete: true });
  });

  test('Delete: fails on delete_failed (any case)', async () => {
    for (const Status of ['delete_failed', 'DELETE_FAILED']) {
      const { h } = mk([page([domain({ Status })])]);
      await assert.rejects(h(ev('Delete')), /status is/);
    }
  });

  test('Delete: propagates other errors', async () => {
    const { h } = mk([sdkError('ThrottlingException')]);
    await assert.rejects(h(ev('Delete')), { name: 'ThrottlingException' });
  });

  test('Delete: uses the physical id, falling back to properties', async () => {
    const { client, h } = mk(() => page([]));
    await h(ev('Delete', { PhysicalResourceId: `${ARN2}|x.example.com` }));
    assert.deepEqual(client.calls[0].input, { ServiceArn: ARN2 });
    await h(ev('Delete', { PhysicalResourceId: 'request-id' }));
    assert.deepEqual(client.calls[1].input, { ServiceArn: ARN });
  });

  test('Delete without any target completes without API calls', async () => {
    const { client, h } = mk([]);
    assert.deepEqual(await h({ RequestType: 'Delete', PhysicalResourceId: 'x', ResourceProperties: {} }), { IsComplete: true });
    assert.equal(client.calls.length, 0);
  });
});

// ---- Route 53 validation records (prop HostedZoneId), any number of records, deadline ----

const vrec = (i, o = {}) => ({ Name: `_n${i}.app.example.com.`, Value: `_v${i}.acm-validations.aws.`, Type: 'CNAME', Status: 'PENDING_VALIDATION', ...o });
const vdomain = (o = {}) => ({ DomainName: 'app.example.com', EnableWWWSubdomain: false, Status: 'pending_certificate_dns_validation', CertificateValidationRecords: [vrec(0)], ...o });
const vpage = (CustomDomains, NextToken) => ({ DNSTarget: 'abc.eu-west-1.awsapprunner.com', ServiceArn: ARN, CustomDomains, NextToken });
const cname = (Action, i) => ({
  Action,
  ResourceRecordSet: { Name: `_n${i}.app.example.com.`, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value: `_v${i}.acm-validations.aws.` }] },
});
const notFound = (i) => sdkError('InvalidChangeBatch',
  `[Tried to delete resource record set [name='_n${i}.app.example.com.', type='CNAME'] but it was not found]`);

// App Runner and Route 53 fakes sharing one call log (to check the order across clients).
// pages: DescribeCustomDomains answers by call index (Error = throw); r53: Route 53 answer per call.
const clients = (pages, r53 = () => ({ ChangeInfo: { Id: 'c1', Status: 'PENDING' } })) => {
  const log = [];
  const answer = (r) => { if (r instanceof Error) throw r; return r; };
  let describes = 0;
  const client = fakeClient((name, input) => {
    log.push(name);
    return name === 'DescribeCustomDomainsCommand' ? answer(typeof pages === 'function' ? pages(input) : pages[describes++]) : {};
  });
  const route53 = fakeClient((name, input, i) => { log.push(name); return answer(r53(input, i)); });
  return { client, route53, log, deps: { client, route53, commands: C } };
};

test.describe('custom-domain-is-complete with HostedZoneId', () => {
  const ev = (o = {}, p = { HostedZoneId: 'Z123' }) => ({ RequestType: 'Create', PhysicalResourceId: PID, ResourceProperties: props(p), ...o });

  for (const n of [1, 2, 3]) {
    test(`${n} record(s): all UPSERTed in one batch, Data lists every record`, async () => {
      const recs = [...Array(n).keys()].map((i) => vrec(i));
      const { route53, log, deps } = clients([vpage([vdomain({ CertificateValidationRecords: recs })])]);
      const res = await isComplete.makeHandler(deps)(ev());
      assert.deepEqual(log, ['DescribeCustomDomainsCommand', 'ChangeResourceRecordSetsCommand']);
      assert.deepEqual(route53.calls[0].input, {
        HostedZoneId: 'Z123', ChangeBatch: { Changes: recs.map((r, i) => cname('UPSERT', i)) },
      });
      assert.equal(res.IsComplete, true);
      assert.equal(res.Data.DNSTarget, 'abc.eu-west-1.awsapprunner.com');
      assert.equal(res.Data.ValidationRecordCount, String(n));
      assert.equal(res.Data.ValidationRecords, recs.map((r) => `${r.Name} CNAME ${r.Value}`).join('; '));
      recs.forEach((r, i) => {
        assert.equal(res.Data[`ValidationRecord${i}Name`], r.Name);
        assert.equal(res.Data[`ValidationRecord${i}Value`], r.Value);
      });
      assert.equal(res.Data[`ValidationRecord${n}Name`], undefined);
    });
  }

  test('names and values are used exactly as App Runner returns them (no zone name appended)', async () => {
    const r = { Name: '_AbC.www.app.example.com.', Value: '_XyZ.jkddzztszm.acm-validations.aws.', Type: 'CNAME' };
    const { route53, deps } = clients([vpage([vdomain({ CertificateValidationRecords: [r] })])]);
    await isComplete.makeHandler(deps)(ev());
    const set = route53.calls[0].input.ChangeBatch.Changes[0].ResourceRecordSet;
    assert.equal(set.Name, r.Name);
    assert.deepEqual(set.ResourceRecords, [{ Value: r.Value }]);
  });

  test('a record listed twice is UPSERTed once (a batch with duplicates fails)', async () => {
    const { route53, deps } = clients([vpage([vdomain({ CertificateValidationRecords: [vrec(0), vrec(1), vrec(0)] })])]);
    const res = await isComplete.makeHandler(deps)(ev());
    assert.deepEqual(route53.calls[0].input.ChangeBatch.Changes, [cname('UPSERT', 0), cname('UPSERT', 1)]);
    assert.equal(res.IsComplete, true);
  });

  test('records found on a later page are UPSERTed', async () => {
    const { client, route53, deps } = clients([
      vpage([vdomain({ DomainName: 'a.example.com', CertificateValidationRecords: [vrec(8)] })], 't1'),
      vpage([], 't2'),
      vpage([vdomain({ CertificateValidationRecords: [vrec(0), vrec(1)] })], 't3'),
    ]);
    const res = await isComplete.makeHandler(deps)(ev());
    assert.deepEqual(client.calls.map((c) => c.input.NextToken), [undefined, 't1', 't2']);
    assert.deepEqual(route53.calls[0].input.ChangeBatch.Changes, [cname('UPSERT', 0), cname('UPSERT', 1)]);
    assert.equal(res.Data.ValidationRecordCount, '2');
  });

  test('no Route 53 call while the records are not listed yet', async () => {
    for (const d of [vdomain({ CertificateValidationRecords: [] }), vdomain({ Status: 'creating' }), vdomain({ DomainName: 'x.example.com' })]) {
      const { route53, deps } = clients([vpage([d])]);
      assert.deepEqual(await isComplete.makeHandler(deps)(ev()), { IsComplete: false });
      assert.equal(route53.calls.length, 0);
    }
  });

  test('without HostedZoneId: no Route 53 call, Data still lists every record', async () => {
    for (const p of [{}, { HostedZoneId: '' }]) {
      const { route53, deps } = clients([vpage([vdomain({ CertificateValidationRecords: [vrec(0), vrec(1)] })])]);
      const res = await isComplete.makeHandler(deps)(ev({}, p));
      assert.equal(route53.calls.length, 0);
      assert.equal(res.Data.ValidationRecords, '_n0.app.example.com. CNAME _v0.acm-validations.aws.; _n1.app.example.com. CNAME _v1.acm-validations.aws.');
    }
  });

  test('Route 53 errors fail the poll (no completion without the records)', async () => {
    const { deps } = clients([vpage([vdomain()])], () => sdkError('NoSuchHostedZone', 'No hosted zone found with ID: Z123'));
    await assert.rejects(isComplete.makeHandler(deps)(ev()), { name: 'NoSuchHostedZone' });
  });

  test('the client factory is called lazily, once', async () => {
    const { deps } = clients(() => vpage([vdomain()]));
    let n = 0;
    const h = isComplete.makeHandler(() => { n++; return deps; });
    assert.equal(n, 0);
    await h(ev());
    await h(ev());
    assert.equal(n, 1);
    assert.equal(deps.route53.calls.length, 2);
  });

  test('Delete never touches Route 53 (onEvent removed the records)', async () => {
    const { route53, deps } = clients([vpage([])]);
    assert.deepEqual(await isComplete.makeHandler(deps)(ev({ RequestType: 'Delete' })), { IsComplete: true });
    assert.equal(route53.calls.length, 0);
  });
});

test.describe('custom-domain-is-complete deadline (10 minutes after onEvent Data.StartedAt)', () => {
  const MIN = 60000;
  const ev = (agoMs, o = {}) => ({
    RequestType: 'Create', PhysicalResourceId: PID, ResourceProperties: props(),
    Data: { StartedAt: String(Date.now() - agoMs) }, ...o,
  });
  const run = (d, e) => {
    const { deps } = clients([vpage(d ? [d] : [])]);
    return isComplete.makeHandler(deps)(e);
  };

  for (const [what, d, status] of [
    ['no records', vdomain({ CertificateValidationRecords: [] }), 'pending_certificate_dns_validation'],
    ['records absent', vdomain({ Status: 'creating', CertificateValidationRecords: undefined }), 'creating'],
    ['a status outside the ready set', vdomain({ Status: 'creating' }), 'creating'],
    ['the domain not listed', undefined, 'not listed'],
  ]) {
    test(`${what}: keeps waiting before 10 minutes, fails clearly after`, async () => {
      assert.deepEqual(await run(d, ev(9 * MIN)), { IsComplete: false });
      await assert.rejects(run(d, ev(10 * MIN + 1000)), {
        message: `App Runner listed no certificate validation records for app.example.com within 10 minutes (status ${status})`,
      });
    });
  }

  test('records listed after 10 minutes still complete', async () => {
    const res = await run(vdomain(), ev(30 * MIN));
    assert.equal(res.IsComplete, true);
  });

  test('without StartedAt (e.g. an older onEvent) it keeps waiting', async () => {
    for (const Data of [undefined, {}, { StartedAt: '' }]) {
      assert.deepEqual(await run(vdomain({ Status: 'creating' }), ev(0, { Data })), { IsComplete: false });
    }
  });

  test('FAILED statuses still fail at once', async () => {
    await assert.rejects(run(vdomain({ Status: 'create_failed' }), ev(0)), /status is create_failed/);
  });

  test('the deadline reads StartedAt as the Provider framework merges it (onEvent output spread into the event)', async () => {
    const { deps } = clients([vpage([vdomain({ CertificateValidationRecords: [] })])]);
    const onEventOut = await onEvent.makeHandler(deps)({ RequestType: 'Create', ResourceProperties: props() });
    onEventOut.Data.StartedAt = String(Number(onEventOut.Data.StartedAt) - 11 * MIN);
    const merged = { RequestType: 'Create', ResourceProperties: props(), ...onEventOut };
    await assert.rejects(isComplete.makeHandler(deps)(merged), /within 10 minutes/);
  });
});

test.describe('custom-domain-on-event Delete with HostedZoneId', () => {
  const del = (o = {}) => ({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props({ HostedZoneId: 'Z123' }), ...o });
  const twoRecs = vdomain({ Status: 'active', CertificateValidationRecords: [vrec(0), vrec(1)] });

  test('reads the records (all pages), DELETEs each CNAME, then disassociates', async () => {
    const { client, route53, log, deps } = clients([
      vpage([vdomain({ DomainName: 'other.example.com', CertificateValidationRecords: [vrec(9)] })], 't1'),
      vpage([twoRecs], 't2'),
    ]);
    const res = await onEvent.makeHandler(deps)(del());
    assert.deepEqual(res, { PhysicalResourceId: PID });
    assert.deepEqual(log, ['DescribeCustomDomainsCommand', 'DescribeCustomDomainsCommand',
      'ChangeResourceRecordSetsCommand', 'ChangeResourceRecordSetsCommand', 'DisassociateCustomDomainCommand']);
    assert.deepEqual(client.calls.map((c) => c.input), [
      { ServiceArn: ARN }, { ServiceArn: ARN, NextToken: 't1' }, { ServiceArn: ARN, DomainName: 'app.example.com' },
    ]);
    assert.deepEqual(route53.calls.map((c) => c.input), [0, 1].map((i) => ({
      HostedZoneId: 'Z123', ChangeBatch: { Changes: [cname('DELETE', i)] },
    })));
  });

  test('a record already gone is skipped; the others are still deleted', async () => {
    const { route53, log, deps } = clients([vpage([twoRecs])], (input, i) => (i === 0 ? notFound(0) : {}));
    await onEvent.makeHandler(deps)(del());
    assert.equal(route53.calls.length, 2);
    assert.equal(log.at(-1), 'DisassociateCustomDomainCommand');
  });

  test('all records already gone: still disassociates', async () => {
    const { log, deps } = clients([vpage([vdomain()])], () => notFound(0));
    await onEvent.makeHandler(deps)(del());
    assert.deepEqual(log, ['DescribeCustomDomainsCommand', 'ChangeResourceRecordSetsCommand', 'DisassociateCustomDomainCommand']);
  });

  test('other Route 53 errors fail the Delete before disassociating', async () => {
    for (const err of [
      sdkError('InvalidChangeBatch', "[Tried to delete resource record set [name='_n0.app.example.com.', type='CNAME'] but the values provided do not match the current values]"),
      sdkError('AccessDenied', 'not authorized to perform route53:ChangeResourceRecordSets'),
    ]) {
      const { log, deps } = clients([vpage([vdomain()])], () => err);
      await assert.rejects(onEvent.makeHandler(deps)(del()), (e) => e === err);
      assert.ok(!log.includes('DisassociateCustomDomainCommand'));
    }
  });

  test('domain not listed or service gone: no Route 53 call, disassociates as before', async () => {
    for (const pages of [[vpage([])], [vpage([vdomain({ DomainName: 'x.example.com' })])], [sdkError('ResourceNotFoundException', 'service not found')]]) {
      const { route53, log, deps } = clients(pages);
      await onEvent.makeHandler(deps)(del());
      assert.equal(route53.calls.length, 0);
      assert.equal(log.at(-1), 'DisassociateCustomDomainCommand');
    }
  });

  test('other DescribeCustomDomains errors fail the Delete', async () => {
    const { log, deps } = clients([sdkError('ThrottlingException')]);
    await assert.rejects(onEvent.makeHandler(deps)(del()), { name: 'ThrottlingException' });
    assert.deepEqual(log, ['DescribeCustomDomainsCommand']);
  });

  test('the domain of the physical id is the one cleaned up', async () => {
    const { client, route53, deps } = clients(() => vpage([vdomain({ DomainName: 'old.example.com', CertificateValidationRecords: [vrec(5)] })]));
    await onEvent.makeHandler(deps)(del({ PhysicalResourceId: `${ARN2}|old.example.com` }));
    assert.equal(client.calls[0].input.ServiceArn, ARN2);
    assert.equal(route53.calls.length, 1);
    assert.equal(client.calls.at(-1).input.DomainName, 'old.example.com');
  });

  test('without HostedZoneId, Delete only disassociates', async () => {
    const { log, deps } = clients([vpage([twoRecs])]);
    await onEvent.makeHandler(deps)(del({ ResourceProperties: props() }));
    assert.deepEqual(log, ['DisassociateCustomDomainCommand']);
  });

  test('Create and Update never touch Route 53', async () => {
    const { route53, deps } = clients([]);
    const h = onEvent.makeHandler(deps);
    await h({ RequestType: 'Create', ResourceProperties: props({ HostedZoneId: 'Z123' }) });
    await h({ RequestType: 'Update', PhysicalResourceId: PID, ResourceProperties: props({ HostedZoneId: 'Z123', DomainName: 'b.example.com' }), OldResourceProperties: props() });
    assert.equal(route53.calls.length, 0);
  });
});
