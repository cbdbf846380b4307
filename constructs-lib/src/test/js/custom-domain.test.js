'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError, responseBody } = require('./fakes');

const onEvent = require(handlerPath('custom-domain-on-event.js'));
const isComplete = require(handlerPath('custom-domain-is-complete.js'));
// keep handler progress logs out of the TAP output
test.beforeEach((t) => t.mock.method(console, 'log', () => {}));

const C = commands('AssociateCustomDomainCommand', 'DisassociateCustomDomainCommand', 'DescribeCustomDomainsCommand',
  'ChangeResourceRecordSetsCommand', 'ListResourceRecordSetsCommand');

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
    for (const err of [sdkError('ThrottlingException', 'Rate exceeded'), sdkError('InvalidRequestException', 'bad domain')]) {
      const { client, h } = mk(() => { throw err; });
      await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props() }), (e) => e === err);
      assert.equal(client.calls.length, 1);
    }
  });

  // a rollback (or a retried request) associates a domain that never went away: App Runner answers
  // InvalidRequestException "<domain> is already associated with ..." (the words AWS Copilot's
  // custom-domain-app-runner handler matches); the domain must be listed for this service
  // (https://docs.aws.amazon.com/apprunner/latest/api/API_AssociateCustomDomain.html)
  const already = sdkError('InvalidRequestException', 'app.example.com is already associated with service web');
  const listing = (d) => (name) => {
    if (name === 'AssociateCustomDomainCommand') throw already;
    return { DNSTarget: 'abc.awsapprunner.com', CustomDomains: d ? [d] : [] };
  };
  const listed = (o = {}) => ({ DomainName: 'app.example.com', EnableWWWSubdomain: false, Status: 'active', ...o });

  test('Create of a domain already associated with this service succeeds with the same physical id', async () => {
    for (const Status of ['active', 'pending_certificate_dns_validation', 'creating']) {
      const { client, h } = mk(listing(listed({ Status })));
      const res = await h({ RequestType: 'Create', ResourceProperties: props() });
      assert.equal(res.PhysicalResourceId, PID);
      assert.deepEqual(client.calls.map((c) => c.name), ['AssociateCustomDomainCommand', 'DescribeCustomDomainsCommand']);
      assert.deepEqual(client.calls[1].input, { ServiceArn: ARN });
    }
  });

  test('"already associated" stands when the domain is not listed for this service, or is being removed', async () => {
    for (const d of [undefined, listed({ DomainName: 'other.example.com' }), listed({ Status: 'deleting' }), listed({ Status: 'DELETE_FAILED' })]) {
      const { h } = mk(listing(d));
      await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props() }), (e) => e === already, JSON.stringify(d));
    }
  });

  test('"already associated" with another EnableWWWSubdomain fails: App Runner cannot change it', async () => {
    const { h } = mk(listing(listed({ EnableWWWSubdomain: true })));
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props() }), /EnableWWWSubdomain true, not false/);
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

  // App Runner associates a domain with one service at a time: isComplete moves it (off the old
  // service first, which may be busy), onEvent only answers the new physical id
  test('Update with a new ServiceArn (same domain) answers the new physical id and leaves the move to isComplete', async () => {
    for (const DomainName of ['app.example.com', 'App.Example.com']) {
      const { client, h } = mk();
      const res = await startedAt(() => h({
        RequestType: 'Update', PhysicalResourceId: PID,
        ResourceProperties: props({ ServiceArn: ARN2, DomainName }), OldResourceProperties: props(),
      }));
      assert.equal(res.PhysicalResourceId, `${ARN2}|${DomainName}`);
      assert.equal(client.calls.length, 0);
    }
  });

  test('Update with a new ServiceArn and a new DomainName associates the new domain under a new physical id', async () => {
    const { client, h } = mk();
    const res = await h({ RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ ServiceArn: ARN2, DomainName: 'b.example.com' }), OldResourceProperties: props() });
    assert.equal(res.PhysicalResourceId, `${ARN2}|b.example.com`);
    assert.deepEqual(client.calls.map((c) => [c.name, c.input.ServiceArn, c.input.DomainName]),
      [['AssociateCustomDomainCommand', ARN2, 'b.example.com']]);
  });

  test('Update without ServiceArn/DomainName change is a no-op keeping the physical id (isComplete still gets StartedAt)', async () => {
    const { client, h } = mk();
    const res = await startedAt(() => h({
      RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ HostedZoneId: 'Z1' }), OldResourceProperties: props(),
    }));
    assert.equal(res.PhysicalResourceId, PID);
    assert.equal(client.calls.length, 0);
  });

  // App Runner has no call that changes EnableWWWSubdomain of an association
  // (https://docs.aws.amazon.com/apprunner/latest/api/API_Operations.html): the change is refused
  // instead of reported done; its rollback, back to what App Runner has, goes through
  test('Update of EnableWWWSubdomain alone fails; its rollback succeeds', async () => {
    const d = { DomainName: 'app.example.com', EnableWWWSubdomain: false, Status: 'active' };
    const { h } = mk(() => ({ CustomDomains: [d] }));
    const change = { RequestType: 'Update', PhysicalResourceId: PID, ResourceProperties: props({ EnableWWWSubdomain: 'true' }),
      OldResourceProperties: props() };
    await assert.rejects(h(change), /associated with EnableWWWSubdomain false, not true/);
    const rollback = { ...change, ResourceProperties: change.OldResourceProperties, OldResourceProperties: change.ResourceProperties };
    assert.equal((await h(rollback)).PhysicalResourceId, PID);
  });

  test('Delete calls nothing: isComplete disassociates and cleans up', async () => {
    const { client, h } = mk();
    const res = await h({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props({ HostedZoneId: 'Z1' }) });
    assert.deepEqual(res, { PhysicalResourceId: PID });
    assert.equal(client.calls.length, 0);
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
    let describes = 0;
    const client = fakeClient((name, input) => {
      if (name === 'DisassociateCustomDomainCommand') return {};
      assert.equal(name, 'DescribeCustomDomainsCommand');
      const p = typeof pages === 'function' ? pages(input, describes) : pages[describes];
      describes++;
      if (p instanceof Error) throw p;
      return p;
    });
    return { client, h: isComplete.makeHandler({ client, commands: C }) };
  };
  const ev = (RequestType, o = {}) => ({ RequestType, PhysicalResourceId: PID, ResourceProperties: props(), ...o });

  for (const RequestType of ['Create', 'Update']) {
    test(`${RequestType}: completes with DNSTarget and the validation records in one attribute`, async () => {
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

  test('Delete: disassociates a domain still associated (any status but deleting), not one being deleted', async () => {
    for (const [Status, calls] of [['active', 1], ['pending_certificate_dns_validation', 1], ['create_failed', 1], ['creating', 1],
      ['deleting', 0], ['DELETING', 0]]) {
      const { client, h } = mk([page([domain({ Status })])]);
      assert.deepEqual(await h(ev('Delete')), { IsComplete: false }, Status);
      const disassociations = client.calls.filter((c) => c.name === 'DisassociateCustomDomainCommand');
      assert.equal(disassociations.length, calls, Status);
      if (calls) assert.deepEqual(disassociations[0].input, { ServiceArn: ARN, DomainName: 'app.example.com' });
    }
  });

  // InvalidStateException: the service is busy with another operation
  // (https://docs.aws.amazon.com/apprunner/latest/api/API_DisassociateCustomDomain.html): not gone, so
  // the next poll disassociates again instead of waiting 15 minutes for a domain nobody removes
  test('Delete: a busy service (InvalidStateException) is retried at the next poll', async () => {
    let busy = 2;
    const client = fakeClient((name) => {
      if (name === 'DisassociateCustomDomainCommand' && busy-- > 0) throw sdkError('InvalidStateException', 'Service is in OPERATION_IN_PROGRESS');
      return page([domain({ Status: 'active' })]);
    });
    const h = isComplete.makeHandler({ client, commands: C });
    for (let i = 0; i < 3; i++) assert.deepEqual(await h(ev('Delete')), { IsComplete: false });
    assert.equal(client.calls.filter((c) => c.name === 'DisassociateCustomDomainCommand').length, 3);
  });

  for (const err of [
    sdkError('ResourceNotFoundException', 'service gone'),
    sdkError('InvalidRequestException', 'No custom domain app.example.com found for the provided service'),
  ]) {
    test(`Delete: disassociation answered ${err.name} (${err.message}) counts as gone`, async () => {
      const client = fakeClient((name) => {
        if (name === 'DisassociateCustomDomainCommand') throw err;
        return page([domain({ Status: 'active' })]);
      });
      assert.deepEqual(await isComplete.makeHandler({ client, commands: C })(ev('Delete')), { IsComplete: false });
    });
  }

  test('Delete: other disassociation errors fail', async () => {
    const client = fakeClient((name) => {
      if (name === 'DisassociateCustomDomainCommand') throw sdkError('AccessDeniedException', 'no');
      return page([domain({ Status: 'active' })]);
    });
    await assert.rejects(isComplete.makeHandler({ client, commands: C })(ev('Delete')), { name: 'AccessDeniedException' });
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
      assert.deepEqual(Object.keys(res.Data).sort(), ['DNSTarget', 'ValidationRecordCount', 'ValidationRecords']);
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

  test('Delete of a domain already gone only lists the zone (nothing of ours in it: no change)', async () => {
    const { route53, deps } = clients([vpage([])], (input) => (input.StartRecordName ? { ResourceRecordSets: [] } : {}));
    assert.deepEqual(await isComplete.makeHandler(deps)(ev({ RequestType: 'Delete' })), { IsComplete: true });
    assert.deepEqual(route53.calls.map((c) => c.name), ['ListResourceRecordSetsCommand']);
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

test.describe('custom-domain-is-complete Delete with HostedZoneId', () => {
  const del = (o = {}) => ({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props({ HostedZoneId: 'Z123' }), ...o });
  const twoRecs = vdomain({ Status: 'active', CertificateValidationRecords: [vrec(0), vrec(1)] });
  // Route 53 fake: ListResourceRecordSets answers `listed` (no record of the domain by default)
  const r53 = (listed = [], change = () => ({})) => (input, i) => (input.StartRecordName ? { ResourceRecordSets: listed } : change(input, i));
  const changed = (route53) => route53.calls.filter((c) => c.name === 'ChangeResourceRecordSetsCommand').map((c) => c.input);

  // the certificate validates with the records as long as the domain is associated: they go after it
  // (https://docs.aws.amazon.com/apprunner/latest/dg/manage-custom-domains.html)
  test('reads the records (all pages), disassociates, then DELETEs each CNAME', async () => {
    const { client, route53, log, deps } = clients([
      vpage([vdomain({ DomainName: 'other.example.com', CertificateValidationRecords: [vrec(9)] })], 't1'),
      vpage([twoRecs], 't2'),
    ], r53());
    assert.deepEqual(await isComplete.makeHandler(deps)(del()), { IsComplete: false });
    assert.deepEqual(log, ['DescribeCustomDomainsCommand', 'DescribeCustomDomainsCommand', 'DisassociateCustomDomainCommand',
      'ListResourceRecordSetsCommand', 'ChangeResourceRecordSetsCommand', 'ChangeResourceRecordSetsCommand']);
    assert.deepEqual(client.calls.map((c) => c.input), [
      { ServiceArn: ARN }, { ServiceArn: ARN, NextToken: 't1' }, { ServiceArn: ARN, DomainName: 'app.example.com' },
    ]);
    assert.deepEqual(route53.calls[0].input, { HostedZoneId: 'Z123', StartRecordName: 'app.example.com.', MaxItems: 100 });
    assert.deepEqual(changed(route53), [0, 1].map((i) => ({ HostedZoneId: 'Z123', ChangeBatch: { Changes: [cname('DELETE', i)] } })));
  });

  test('the records DisassociateCustomDomain returns win over the ones listed before', async () => {
    const { route53, deps } = clients([vpage([twoRecs])], r53());
    deps.client.send = async (cmd) => (cmd.constructor.name === 'DisassociateCustomDomainCommand'
      ? { CustomDomain: vdomain({ Status: 'deleting', CertificateValidationRecords: [vrec(5)] }) } : vpage([twoRecs]));
    await isComplete.makeHandler(deps)(del());
    assert.deepEqual(changed(route53), [{ HostedZoneId: 'Z123', ChangeBatch: { Changes: [cname('DELETE', 5)] } }]);
  });

  test('a record already gone is skipped; the others are still deleted', async () => {
    const { route53, deps } = clients([vpage([twoRecs])], r53([], (input, i) => (i === 1 ? notFound(0) : {})));
    assert.deepEqual(await isComplete.makeHandler(deps)(del()), { IsComplete: false });
    assert.equal(changed(route53).length, 2);
  });

  test('other Route 53 errors fail the Delete (after the disassociation)', async () => {
    for (const err of [
      sdkError('InvalidChangeBatch', "[Tried to delete resource record set [name='_n0.app.example.com.', type='CNAME'] but the values provided do not match the current values]"),
      sdkError('AccessDenied', 'not authorized to perform route53:ChangeResourceRecordSets'),
    ]) {
      const { log, deps } = clients([vpage([vdomain()])], r53([], () => err));
      await assert.rejects(isComplete.makeHandler(deps)(del()), (e) => e === err);
      assert.ok(log.indexOf('DisassociateCustomDomainCommand') < log.indexOf('ChangeResourceRecordSetsCommand'), log.join());
    }
  });

  // the stack's own record of the domain goes before the association (it reads DNSTarget); a record of
  // the domain still in the zone is another service's (a replacement, or weighted records), whose
  // certificate validates with the same CNAMEs
  test('records stay while the zone still has a record of the domain itself', async () => {
    for (const Name of ['app.example.com.', 'App.Example.com.']) {
      const { route53, log, deps } = clients([vpage([twoRecs])],
        r53([{ Name, Type: 'CNAME', SetIdentifier: 'Other-Stack', Weight: 100 }, { Name: '_n0.app.example.com.', Type: 'CNAME' }]));
      assert.deepEqual(await isComplete.makeHandler(deps)(del()), { IsComplete: false });
      assert.ok(log.includes('DisassociateCustomDomainCommand'));
      assert.deepEqual(changed(route53), [], Name);
    }
    const { route53, deps } = clients([vpage([twoRecs])], r53([{ Name: '_n0.app.example.com.', Type: 'CNAME' },
      { Name: 'www.app.example.com.', Type: 'CNAME' }]));
    await isComplete.makeHandler(deps)(del());
    assert.equal(changed(route53).length, 2, 'records of other names do not count');
  });

  test('domain not listed or service gone: no App Runner call but the listing; the zone is listed', async () => {
    for (const pages of [[vpage([])], [vpage([vdomain({ DomainName: 'x.example.com' })])], [sdkError('ResourceNotFoundException', 'service not found')]]) {
      const { route53, log, deps } = clients(pages, r53());
      assert.deepEqual(await isComplete.makeHandler(deps)(del()), { IsComplete: true });
      assert.deepEqual(changed(route53), []);
      assert.deepEqual(log, ['DescribeCustomDomainsCommand', 'ListResourceRecordSetsCommand']);
    }
  });

  // a Delete retried after a Route 53 error finds the domain gone: App Runner no longer lists its
  // records, the zone does. Only the CNAMEs this handler writes go: _*.<domain>, TTL 600, an ACM
  // validation value (https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html); a DELETE
  // must match the record's values and TTL
  // (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html)
  test('domain gone: the validation CNAMEs the zone still holds are deleted, no other record', async () => {
    const set = (Name, o = {}) => ({ Name, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value: '_v0.acm-validations.aws.' }], ...o });
    const listedSets = [
      set('_n0.app.example.com.'),
      set('_n1.App.Example.com.', { ResourceRecords: [{ Value: '_v1.acm-validations.aws.' }] }),
      set('_n2.app.example.com.', { TTL: 300 }), // 0.1.0's record resource: CloudFormation's
      set('_n3.app.example.com.', { ResourceRecords: [{ Value: 'elsewhere.example.net.' }] }),
      set('www.app.example.com.'),
      set('_n4.app.example.com.', { SetIdentifier: 'x', Weight: 1 }),
      set('_n5.app-2.example.com.'), // another domain, listed in between
    ];
    const { route53, deps } = clients([vpage([])], r53(listedSets));
    assert.deepEqual(await isComplete.makeHandler(deps)(del()), { IsComplete: true });
    assert.deepEqual(changed(route53).map((c) => c.ChangeBatch.Changes[0].ResourceRecordSet), [
      { Name: '_n0.app.example.com.', Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value: '_v0.acm-validations.aws.' }] },
      { Name: '_n1.App.Example.com.', Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value: '_v1.acm-validations.aws.' }] },
    ]);
  });

  test('domain gone: the listing follows Route 53\'s pages, and stops past the domain\'s names', async () => {
    const set = (Name) => ({ Name, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value: '_v.acm-validations.aws.' }] });
    const pages = [
      { ResourceRecordSets: [set('_a.app.example.com.')], IsTruncated: true, NextRecordName: '_b.app.example.com.', NextRecordType: 'CNAME' },
      { ResourceRecordSets: [set('_b.app.example.com.'), set('b.example.com.'), set('_c.app.example.com.')], IsTruncated: true, NextRecordName: 'c.example.com.', NextRecordType: 'A' },
    ];
    let n = 0;
    const { route53, deps } = clients([vpage([])], (input) => (input.StartRecordName ? pages[n++] : {}));
    await isComplete.makeHandler(deps)(del());
    const lists = route53.calls.filter((c) => c.name === 'ListResourceRecordSetsCommand').map((c) => c.input);
    assert.deepEqual(lists, [
      { HostedZoneId: 'Z123', StartRecordName: 'app.example.com.', MaxItems: 100 },
      { HostedZoneId: 'Z123', StartRecordName: '_b.app.example.com.', StartRecordType: 'CNAME', MaxItems: 100 },
    ]);
    assert.deepEqual(changed(route53).map((c) => c.ChangeBatch.Changes[0].ResourceRecordSet.Name), ['_a.app.example.com.', '_b.app.example.com.']);
  });

  test('other DescribeCustomDomains errors fail the Delete', async () => {
    const { log, deps } = clients([sdkError('ThrottlingException')]);
    await assert.rejects(isComplete.makeHandler(deps)(del()), { name: 'ThrottlingException' });
    assert.deepEqual(log, ['DescribeCustomDomainsCommand']);
  });

  test('the domain of the physical id is the one cleaned up', async () => {
    const { client, route53, deps } = clients(() => vpage([vdomain({ DomainName: 'old.example.com', Status: 'active', CertificateValidationRecords: [vrec(5)] })]), r53());
    await isComplete.makeHandler(deps)(del({ PhysicalResourceId: `${ARN2}|old.example.com` }));
    assert.equal(client.calls[0].input.ServiceArn, ARN2);
    assert.deepEqual(client.calls.at(-1).input, { ServiceArn: ARN2, DomainName: 'old.example.com' });
    assert.equal(changed(route53).length, 1);
  });

  test('without HostedZoneId, Delete only disassociates', async () => {
    const { log, deps } = clients([vpage([twoRecs])]);
    await isComplete.makeHandler(deps)(del({ ResourceProperties: props() }));
    assert.deepEqual(log, ['DescribeCustomDomainsCommand', 'DisassociateCustomDomainCommand']);
  });

  test('a busy service: no Route 53 call until the disassociation went through', async () => {
    const { route53, deps } = clients(() => vpage([twoRecs]), r53());
    deps.client.send = async (cmd) => {
      if (cmd.constructor.name === 'DisassociateCustomDomainCommand') throw sdkError('InvalidStateException', 'busy');
      return vpage([twoRecs]);
    };
    assert.deepEqual(await isComplete.makeHandler(deps)(del()), { IsComplete: false });
    assert.equal(route53.calls.length, 0);
  });

  test('onEvent never touches Route 53', async () => {
    const { route53, deps } = clients([]);
    const h = onEvent.makeHandler(deps);
    await h({ RequestType: 'Create', ResourceProperties: props({ HostedZoneId: 'Z123' }) });
    await h({ RequestType: 'Update', PhysicalResourceId: PID, ResourceProperties: props({ HostedZoneId: 'Z123', DomainName: 'b.example.com' }), OldResourceProperties: props() });
    await h({ RequestType: 'Delete', PhysicalResourceId: PID, ResourceProperties: props({ HostedZoneId: 'Z123' }) });
    assert.equal(route53.calls.length, 0);
  });
});

test.describe('custom-domain-is-complete: a change of hosted zone', () => {
  const update = (o, p) => ({ RequestType: 'Update', PhysicalResourceId: PID, ResourceProperties: props(p), OldResourceProperties: props(o) });

  test('UPSERTs in the new zone, then DELETEs the same records from the old one', async () => {
    const { route53, deps } = clients([vpage([vdomain({ CertificateValidationRecords: [vrec(0), vrec(1)] })])]);
    const res = await isComplete.makeHandler(deps)(update({ HostedZoneId: 'ZOLD' }, { HostedZoneId: 'ZNEW' }));
    assert.equal(res.IsComplete, true);
    assert.deepEqual(route53.calls.map((c) => [c.input.HostedZoneId, c.input.ChangeBatch.Changes.map((x) => x.Action + x.ResourceRecordSet.Name)]), [
      ['ZNEW', ['UPSERT_n0.app.example.com.', 'UPSERT_n1.app.example.com.']],
      ['ZOLD', ['DELETE_n0.app.example.com.']], ['ZOLD', ['DELETE_n1.app.example.com.']],
    ]);
  });

  test('records already gone from the old zone are fine', async () => {
    const { deps } = clients([vpage([vdomain()])], (input) => (input.HostedZoneId === 'ZOLD' ? notFound(0) : {}));
    assert.equal((await isComplete.makeHandler(deps)(update({ HostedZoneId: 'ZOLD' }, { HostedZoneId: 'ZNEW' }))).IsComplete, true);
  });

  test('no old-zone deletion for the same zone, a first zone, no zone any more, or a new physical id', async () => {
    for (const [o, p] of [
      [{ HostedZoneId: 'Z1' }, { HostedZoneId: 'Z1' }],
      [{}, { HostedZoneId: 'Z1' }],
      [{ HostedZoneId: 'Z1' }, {}], // the user keeps the records from now on: the output lists them
      [{ HostedZoneId: 'Z1', DomainName: 'old.example.com' }, { HostedZoneId: 'Z2' }], // the Delete of the old id cleans up
      [{ HostedZoneId: 'Z1', ServiceArn: ARN2 }, { HostedZoneId: 'Z2' }],
    ]) {
      const { route53, deps } = clients(() => vpage([vdomain()]));
      await isComplete.makeHandler(deps)(update(o, p));
      assert.ok(route53.calls.every((c) => c.input.ChangeBatch.Changes.every((x) => x.Action === 'UPSERT')), JSON.stringify([o, p]));
    }
  });
});

// CloudFormation refuses a response over 4096 bytes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html)
test.describe('custom-domain-is-complete Data size', () => {
  const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}.example.com`; // 253 characters
  const rec = (i) => ({ Name: `_${String(i).padStart(32, '0')}.${long}.`, Value: `_${'f'.repeat(32)}${i}.abcdefghij.acm-validations.aws.` });

  test('every record is listed while the list is short', async () => {
    const { deps } = clients([vpage([vdomain({ CertificateValidationRecords: [vrec(0), vrec(1), vrec(2)] })])]);
    const res = await isComplete.makeHandler(deps)({ RequestType: 'Create', PhysicalResourceId: PID, ResourceProperties: props() });
    assert.equal(res.Data.ValidationRecords.split('; ').length, 3);
    assert.doesNotMatch(res.Data.ValidationRecords, /more/);
  });

  for (const n of [1, 3, 8, 40]) {
    test(`${n} records of a 253-character domain: the whole response stays under 4096 bytes`, async () => {
      const records = [...Array(n).keys()].map(rec);
      const arn = 'arn:aws:apprunner:ap-southeast-1:111122223333:service/' + 's'.repeat(40) + '/' + '0'.repeat(32);
      const { deps } = clients([{ DNSTarget: 'abcdefghij.ap-southeast-1.awsapprunner.com', CustomDomains: [vdomain({ DomainName: long, CertificateValidationRecords: records })] }]);
      const request = {
        RequestType: 'Create', RequestId: '0f0e0d0c-0b0a-0908-0706-050403020100', LogicalResourceId: 'L'.repeat(255),
        StackId: `arn:aws:cloudformation:ap-southeast-1:111122223333:stack/${'S'.repeat(128)}/0f0e0d0c-0b0a-0908-0706-050403020100`,
        ResourceProperties: props({ ServiceArn: arn, DomainName: long }),
      };
      const pid = `${arn}|${long}`;
      const res = await isComplete.makeHandler(deps)({ ...request, PhysicalResourceId: pid, Data: { StartedAt: String(Date.now()) } });
      const body = responseBody(request, { Status: 'SUCCESS', PhysicalResourceId: pid, Data: { StartedAt: String(Date.now()), ...res.Data } });
      assert.ok(Buffer.byteLength(body) <= 4096, `${Buffer.byteLength(body)} bytes`);
      assert.equal(res.Data.ValidationRecordCount, String(n));
      const listed = res.Data.ValidationRecords.split('; ');
      assert.equal(listed[0], `${records[0].Name} CNAME ${records[0].Value}`);
      if (listed.length < n) {
        assert.equal(listed.at(-1), `...and ${n - listed.length + 1} more (aws apprunner describe-custom-domains)`);
      }
    });
  }
});
