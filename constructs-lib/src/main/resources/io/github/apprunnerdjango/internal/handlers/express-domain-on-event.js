'use strict';
// onEvent handler of an Express Mode service's custom domain.
//
// Create/Update: adds DomainName to the host-header condition of the service's listener rule
// (ModifyRule replaces every condition, so the others are sent back as read) and returns the load
// balancer's DNSName and CanonicalHostedZoneId.
// Delete: removes the name again.
//
// Props: RuleArn, LoadBalancerArn, DomainName (ServiceUpdatedAt only makes an update of the service
// run this again). Physical id: `${RuleArn}|${DomainName}`.
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

// host names compare in lower case, without the trailing dot
const lc = (s) => String(s || '').toLowerCase().replace(/\.$/, '');

// the rule, its listener or its load balancer is already gone: nothing left to change
const GONE = ['RuleNotFoundException', 'ListenerNotFoundException', 'LoadBalancerNotFoundException'];
const isGone = (e) => GONE.includes(e?.name);

// a condition as ModifyRule takes it: Field and its *Config; legacy Values only when there is no config
const clean = (c) => {
  const o = { Field: c.Field };
  for (const k of Object.keys(c)) {
    if (k.endsWith('Config')) {
      o[k] = c[k];
    }
  }
  if (Object.keys(o).length === 1 && c.Values) {
    o.Values = c.Values;
  }
  return o;
};

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  // adds (add = true) or removes the host name in the rule's host-header condition
  const setHost = async (RuleArn, name, add) => {
    const { elb, commands } = get();
    const r = await elb.send(new commands.DescribeRulesCommand({ RuleArns: [RuleArn] }));
    const rule = (r.Rules || [])[0];
    if (!rule) {
      throw new Error(`Listener rule ${RuleArn} not found`);
    }
    const Conditions = (rule.Conditions || []).map(clean);
    let host = Conditions.find((c) => c.Field === 'host-header');
    const values = host ? host.HostHeaderConfig?.Values || host.Values || [] : [];
    const has = values.some((h) => lc(h) === name);
    if (add === has) {
      return;
    }
    const next = add ? [...values, name] : values.filter((h) => lc(h) !== name);
    if (!next.length) {
      console.log(`not removing ${name}: it is the rule's only host`);
      return;
    }
    if (!host) {
      host = { Field: 'host-header' };
      Conditions.push(host);
    }
    delete host.Values;
    host.HostHeaderConfig = { Values: next };
    await elb.send(new commands.ModifyRuleCommand({ RuleArn, Conditions }));
  };

  // where the domain's alias record points
  const target = async (arn) => {
    const { elb, commands } = get();
    const r = await elb.send(new commands.DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
    const lb = (r.LoadBalancers || [])[0];
    if (!lb) {
      throw new Error(`Load balancer ${arn} not found`);
    }
    return { DNSName: lb.DNSName, CanonicalHostedZoneId: lb.CanonicalHostedZoneId };
  };

  return async (event) => {
    const p = event.ResourceProperties || {};
    const name = lc(p.DomainName);
    switch (event.RequestType) {
      case 'Create':
      case 'Update': {
        if (!p.RuleArn || !p.LoadBalancerArn || !name) {
          throw new Error('RuleArn, LoadBalancerArn and DomainName are required');
        }
        // the load balancer first: ModifyRule is the last call, so a failed Create (whose Delete the
        // Provider framework answers itself) never leaves the name in the rule
        const Data = await target(p.LoadBalancerArn);
        await setHost(p.RuleArn, name, true);
        // a new physical id => CloudFormation deletes the old one (old rule or name) afterwards
        return { PhysicalResourceId: `${p.RuleArn}|${name}`, Data };
      }
      case 'Delete': {
        const m = /^(arn:[^|]+)\|(.+)$/.exec(event.PhysicalResourceId || '');
        if (m) {
          await setHost(m[1], m[2], false).catch((e) => {
            if (!isGone(e)) {
              throw e;
            }
            console.log(`ignoring ${e.name}: ${e.message}`);
          });
        }
        return { PhysicalResourceId: event.PhysicalResourceId };
      }
      default:
        throw new Error(`Unsupported request type ${event.RequestType}`);
    }
  };
};

exports.handler = exports.makeHandler(() => {
  const m = require('@aws-sdk/client-elastic-load-balancing-v2');
  return { elb: new m.ElasticLoadBalancingV2Client({}), commands: m };
});
