'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError } = require('./fakes');

const onEvent = require(handlerPath('express-domain-on-event.js'));
test.beforeEach((t) => t.mock.method(console, 'log', () => {}));

const C = commands('DescribeRulesCommand', 'ModifyRuleCommand', 'DescribeLoadBalancersCommand');
const RULE = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/ecs-express/abc/def/ghi';
const RULE2 = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/ecs-express/abc/def/jkl';
const LB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/ecs-express/abc';
const EXPRESS_HOST = 'web-1a2b.ecs.us-east-1.on.aws';
const props = (o = {}) => ({ ServiceToken: 'arn:lambda', RuleArn: RULE, LoadBalancerArn: LB, DomainName: 'App.Example.com.',
  ServiceUpdatedAt: '1760000000', ...o });

// an Express rule as DescribeRules returns it: host-header with both Values and HostHeaderConfig, plus a path condition
const rule = (hosts) => ({ Rules: [{ RuleArn: RULE, Priority: '3', Conditions: [
  { Field: 'host-header', Values: hosts, HostHeaderConfig: { Values: hosts } },
  { Field: 'path-pattern', Values: ['/*'], PathPatternConfig: { Values: ['/*'] } },
], Actions: [{ Type: 'forward' }] }] });
const lb = { LoadBalancers: [{ DNSName: 'ecs-express-123.us-east-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' }] };

const mk = (hosts, extra = () => undefined) => {
  const elb = fakeClient((name, input) => extra(name, input) ?? (name === 'DescribeRulesCommand' ? rule(hosts)
    : name === 'DescribeLoadBalancersCommand' ? lb : {}));
  return { elb, h: onEvent.makeHandler({ elb, commands: C }) };
};

test.describe('express-domain-on-event', () => {
  test('Create adds the domain to the host header, keeps every other condition, returns the load balancer', async () => {
    const { elb, h } = mk([EXPRESS_HOST]);
    const res = await h({ RequestType: 'Create', ResourceProperties: props() });
    assert.equal(res.PhysicalResourceId, `${RULE}|app.example.com`);
    assert.deepEqual(res.Data, { DNSName: 'ecs-express-123.us-east-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' });
    const modify = elb.calls.find((c) => c.name === 'ModifyRuleCommand');
    assert.deepEqual(modify.input, { RuleArn: RULE, Conditions: [
      { Field: 'host-header', HostHeaderConfig: { Values: [EXPRESS_HOST, 'app.example.com'] } },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } },
    ] });
    assert.deepEqual(elb.calls.map((c) => c.name), ['DescribeLoadBalancersCommand', 'DescribeRulesCommand', 'ModifyRuleCommand']);
  });

  test('Update after a service update adds the domain again only if Express dropped it', async () => {
    const kept = mk([EXPRESS_HOST, 'app.example.com']);
    await kept.h({ RequestType: 'Update', PhysicalResourceId: `${RULE}|app.example.com`, ResourceProperties: props(),
      OldResourceProperties: props({ ServiceUpdatedAt: '1' }) });
    assert.equal(kept.elb.calls.some((c) => c.name === 'ModifyRuleCommand'), false);
    const dropped = mk([EXPRESS_HOST]);
    await dropped.h({ RequestType: 'Update', PhysicalResourceId: `${RULE}|app.example.com`, ResourceProperties: props(),
      OldResourceProperties: props({ ServiceUpdatedAt: '1' }) });
    assert.equal(dropped.elb.calls.filter((c) => c.name === 'ModifyRuleCommand').length, 1);
  });

  test('Update to another rule returns a new physical id (CloudFormation then deletes the old one)', async () => {
    const { h } = mk([EXPRESS_HOST]);
    const res = await h({ RequestType: 'Update', PhysicalResourceId: `${RULE}|app.example.com`,
      ResourceProperties: props({ RuleArn: RULE2 }), OldResourceProperties: props() });
    assert.equal(res.PhysicalResourceId, `${RULE2}|app.example.com`);
  });

  test('Delete removes the domain from the rule of the physical id, keeping Express host', async () => {
    const { elb, h } = mk([EXPRESS_HOST, 'app.example.com']);
    const res = await h({ RequestType: 'Delete', PhysicalResourceId: `${RULE}|app.example.com`, ResourceProperties: props() });
    assert.equal(res.PhysicalResourceId, `${RULE}|app.example.com`);
    const modify = elb.calls.find((c) => c.name === 'ModifyRuleCommand');
    assert.deepEqual(modify.input.Conditions[0], { Field: 'host-header', HostHeaderConfig: { Values: [EXPRESS_HOST] } });
  });

  test('Delete of a rule, listener or load balancer already gone succeeds', async () => {
    for (const name of ['RuleNotFoundException', 'ListenerNotFoundException', 'LoadBalancerNotFoundException']) {
      const { h } = mk([], (n) => { if (n === 'DescribeRulesCommand') throw sdkError(name); });
      await h({ RequestType: 'Delete', PhysicalResourceId: `${RULE}|app.example.com`, ResourceProperties: props() });
    }
  });

  test('Delete never empties a host header (a rule without one would take every host)', async () => {
    const { elb, h } = mk(['app.example.com']);
    await h({ RequestType: 'Delete', PhysicalResourceId: `${RULE}|app.example.com`, ResourceProperties: props() });
    assert.equal(elb.calls.some((c) => c.name === 'ModifyRuleCommand'), false);
  });

  test('Delete of a physical id that is not ours (a failed create) calls nothing', async () => {
    const { elb, h } = mk([EXPRESS_HOST]);
    await h({ RequestType: 'Delete', PhysicalResourceId: 'resource-id', ResourceProperties: props() });
    assert.deepEqual(elb.calls, []);
  });

  test('other errors fail the deploy; missing properties fail the create', async () => {
    const { h } = mk([], (n) => { if (n === 'ModifyRuleCommand') throw sdkError('AccessDenied'); });
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props() }), /AccessDenied/);
    await assert.rejects(mk([]).h({ RequestType: 'Create', ResourceProperties: props({ RuleArn: '' }) }), /required/);
    await assert.rejects(mk([]).h({ RequestType: 'Nope', ResourceProperties: props() }), /Unsupported/);
  });
});
