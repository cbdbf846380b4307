'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError } = require('./fakes');

const onEvent = require(handlerPath('custom-domain-on-event.js'));
const isComplete = require(handlerPath('custom-domain-is-complete.js'));
// keep handler progress logs out of the TAP output
test.beforeEach((t) => t.mock.method(console, 'log', () => {}));

const C = commands('AssociateCustomDomainCommand', 'DisassociateCustomDomainCommand', 'DescribeCustomDomainsCommand');

const ARN = 'arn:aws:apprunner:eu-west-1:111122223333:service/web/abc';
const ARN2 = 'arn:aws:apprunner:eu-west-1:111122223333:service/web2/def';
const props = (o = {}) => ({ ServiceToken: 'arn:lambda', ServiceArn: ARN, DomainName: 'app.example.com', EnableWWWSubdomain: 'false', ...o });
const PID = `${ARN}|app.example.com`;

test.describe('custom-domain-on-event', () => {
  const mk = (responder) => {
    const client = fakeClient(responder);
    return { client, h: onEvent.makeHandler({ client, commands: C }) };
  };

  test('Create associates the domain and returns ServiceArn|DomainName', async () => {
    const { client, h } = mk();
    const res = await h({ RequestType: 'Create', ResourceProperties: props() });
    assert.deepEqual(res, { PhysicalResourceId: PID });
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
    const res = await h({
      RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ DomainName: 'www2.example.com' }), OldResourceProperties: props(),
    });
    assert.deepEqual(res, { PhysicalResourceId: `${ARN}|www2.example.com` });
    assert.deepEqual(client.calls.map((c) => [c.name, c.input.ServiceArn, c.input.DomainName]),
      [['AssociateCustomDomainCommand', ARN, 'www2.example.com']]);
  });

  test('Update with a new ServiceArn associates it under a new physical id', async () => {
    const { client, h } = mk();
    const res = await h({
      RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ ServiceArn: ARN2 }), OldResourceProperties: props(),
    });
    assert.deepEqual(res, { PhysicalResourceId: `${ARN2}|app.example.com` });
    assert.equal(client.calls.length, 1);
    assert.equal(client.calls[0].input.ServiceArn, ARN2);
  });

  test('Update without ServiceArn/DomainName change is a no-op keeping the physical id', async () => {
    const { client, h } = mk();
    const res = await h({
      RequestType: 'Update', PhysicalResourceId: PID,
      ResourceProperties: props({ EnableWWWSubdomain: 'true' }), OldResourceProperties: props(),
    });
    assert.deepEqual(res, { PhysicalResourceId: PID });
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
          ValidationRecord0Name: '_n0.app.example.com.', ValidationRecord0Value: '_v0.acm-validations.aws.', ValidationRecord0Type: 'CNAME',
          ValidationRecord1Name: '_n1.app.example.com.', ValidationRecord1Value: '_v1.acm-validations.aws.', ValidationRecord1Type: 'CNAME',
          ValidationRecord2Name: '_n2.app.example.com.', ValidationRecord2Value: '_v2.acm-validations.aws.', ValidationRecord2Type: 'CNAME',
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
