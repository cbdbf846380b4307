'use strict';
// The request sequences CloudFormation runs on an Express service's custom domain, through CDK's
// Provider framework, against a stateful fake of Elastic Load Balancing: a create rolled back because a
// later resource failed; an update rolled back to the old properties, then the cleanup; a delete after a
// failed create; a delete whose rule or load balancer is gone
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes.html).
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, sdkError, providerFramework, cfnRequests, CREATE_FAILED_MARKER } = require('./fakes');

const onEvent = require(handlerPath('express-domain-on-event.js'));
test.beforeEach((t) => t.mock.method(console, 'log', () => {}));

const C = commands('DescribeRulesCommand', 'ModifyRuleCommand', 'DescribeLoadBalancersCommand');
const RULE = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/ecs-express/abc/def/r1';
const RULE2 = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/ecs-express/abc/def/r2';
const LB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/ecs-express/abc';
const EXPRESS_HOST = 'web-1a2b.ecs.us-east-1.on.aws';

// rules (host-header values) and load balancers; ModifyRule replaces the conditions
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html)
function fakeElb() {
  const rules = new Map([[RULE, [EXPRESS_HOST]], [RULE2, ['web-2.ecs.us-east-1.on.aws']]]);
  const lbs = new Map([[LB, { DNSName: 'ecs-express-1.us-east-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' }]]);
  const elb = {
    calls: [],
    async send(cmd) {
      const name = cmd.constructor.name;
      elb.calls.push(name);
      if (name === 'DescribeLoadBalancersCommand') {
        const lb = lbs.get(cmd.input.LoadBalancerArns[0]);
        if (!lb) throw sdkError('LoadBalancerNotFoundException', 'One or more load balancers not found');
        return { LoadBalancers: [lb] };
      }
      const arn = name === 'DescribeRulesCommand' ? cmd.input.RuleArns[0] : cmd.input.RuleArn;
      if (!rules.has(arn)) throw sdkError('RuleNotFoundException', 'One or more rules not found');
      if (name === 'DescribeRulesCommand') {
        const hosts = rules.get(arn);
        return { Rules: [{ RuleArn: arn, Conditions: [
          { Field: 'host-header', Values: hosts, HostHeaderConfig: { Values: hosts } },
          { Field: 'path-pattern', Values: ['/*'], PathPatternConfig: { Values: ['/*'] } },
        ] }] };
      }
      rules.set(arn, cmd.input.Conditions.find((c) => c.Field === 'host-header').HostHeaderConfig.Values);
      return {};
    },
  };
  return { elb, rules, lbs };
}

const world = () => {
  const fake = fakeElb();
  const cfn = cfnRequests(providerFramework({ onEvent: onEvent.makeHandler({ elb: fake.elb, commands: C }) }),
    { ResourceType: 'Custom::ExpressDomain' });
  return { ...fake, cfn };
};
const props = (o = {}) => ({ RuleArn: RULE, LoadBalancerArn: LB, DomainName: 'app.example.com', ServiceUpdatedAt: '1', ...o });

test('create, then a later resource fails: the rollback delete removes the name from the rule', async () => {
  const { rules, cfn } = world();
  const created = await cfn.create(props());
  assert.equal(created.Status, 'SUCCESS', created.Reason);
  assert.deepEqual(created.Data, { DNSName: 'ecs-express-1.us-east-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' });
  assert.deepEqual(rules.get(RULE), [EXPRESS_HOST, 'app.example.com']);
  assert.equal((await cfn.delete(created.PhysicalResourceId, props())).Status, 'SUCCESS');
  assert.deepEqual(rules.get(RULE), [EXPRESS_HOST]);
});

// the framework answers a failed Create with a marker and the following Delete itself: nothing of
// the failed Create may be left behind
test('a create that failed: the rule is as it was, and the framework answers the delete', async () => {
  const { rules, lbs, elb, cfn } = world();
  lbs.clear(); // the load balancer is not there: the create fails
  const created = await cfn.create(props());
  assert.equal(created.Status, 'FAILED');
  assert.equal(created.PhysicalResourceId, CREATE_FAILED_MARKER);
  assert.deepEqual(rules.get(RULE), [EXPRESS_HOST]); // was left with app.example.com
  const calls = elb.calls.length;
  assert.equal((await cfn.delete(created.PhysicalResourceId, props())).Status, 'SUCCESS');
  assert.equal(elb.calls.length, calls);
});

test('update to another name, a later failure, the rollback update and the cleanup', async () => {
  const { rules, cfn } = world();
  const created = await cfn.create(props());
  const renamed = props({ DomainName: 'new.example.com' });
  const updated = await cfn.update(created.PhysicalResourceId, renamed, props());
  assert.equal(updated.PhysicalResourceId, `${RULE}|new.example.com`);
  const rollback = await cfn.update(updated.PhysicalResourceId, props(), renamed);
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
  assert.equal(rollback.PhysicalResourceId, created.PhysicalResourceId);
  assert.equal((await cfn.delete(updated.PhysicalResourceId, renamed)).Status, 'SUCCESS');
  assert.deepEqual(rules.get(RULE), [EXPRESS_HOST, 'app.example.com']);
});

test('a replaced service (another rule): the update, then the cleanup of the old rule', async () => {
  const { rules, cfn } = world();
  const created = await cfn.create(props());
  const updated = await cfn.update(created.PhysicalResourceId, props({ RuleArn: RULE2 }), props());
  assert.equal(updated.Status, 'SUCCESS', updated.Reason);
  assert.equal((await cfn.delete(created.PhysicalResourceId, props())).Status, 'SUCCESS');
  assert.deepEqual(rules.get(RULE), [EXPRESS_HOST]);
  assert.deepEqual(rules.get(RULE2), ['web-2.ecs.us-east-1.on.aws', 'app.example.com']);
});

test('an Express update that rewrote the rule: the update adds the name back; its rollback too', async () => {
  const { rules, cfn } = world();
  const created = await cfn.create(props());
  rules.set(RULE, [EXPRESS_HOST]); // Express rewrote the rule's conditions
  const updated = await cfn.update(created.PhysicalResourceId, props({ ServiceUpdatedAt: '2' }), props());
  assert.equal(updated.PhysicalResourceId, created.PhysicalResourceId);
  assert.deepEqual(rules.get(RULE), [EXPRESS_HOST, 'app.example.com']);
  rules.set(RULE, [EXPRESS_HOST]);
  const rollback = await cfn.update(created.PhysicalResourceId, props(), props({ ServiceUpdatedAt: '2' }));
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
  assert.deepEqual(rules.get(RULE), [EXPRESS_HOST, 'app.example.com']);
});

test('delete whose rule or load balancer is already gone succeeds', async () => {
  const { rules, lbs, cfn } = world();
  const created = await cfn.create(props());
  rules.delete(RULE);
  lbs.clear();
  assert.equal((await cfn.delete(created.PhysicalResourceId, props())).Status, 'SUCCESS');
});
