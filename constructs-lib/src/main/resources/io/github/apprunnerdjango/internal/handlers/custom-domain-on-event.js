'use strict';
// onEvent handler of the App Runner custom domain Provider.
// Props: ServiceArn, DomainName, EnableWWWSubdomain ('true'/'false'), HostedZoneId (optional).
// Physical id: `${ServiceArn}|${DomainName}`.
//
// Create/Update associate the domain. A domain App Runner already lists for the service counts as
// associated: a rollback re-creates or re-updates to an association that never went away, and
// CloudFormation retries a request whose answer it lost.
// An Update to another ServiceArn with the same DomainName (a replaced service, or the rollback of
// one) only answers the new physical id: App Runner associates a domain with one service at a time,
// so isComplete moves it (disassociates it from the old service, retrying while that one is busy,
// then associates it with the new one). The Delete of the old physical id that follows finds nothing
// left on the old service.
// Delete does nothing here: isComplete disassociates (retrying while the service is busy), then
// deletes the validation records, and waits until the domain is gone.
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

const lc = (s) => String(s || '').toLowerCase();

// App Runner's default for EnableWWWSubdomain is true
// (https://docs.aws.amazon.com/apprunner/latest/api/API_AssociateCustomDomain.html)
const www = (v) => (v == null ? true : lc(v) === 'true');

// "<domain> is already associated with ..." (the words AWS Copilot's handler matches too); the
// domain must then be listed for this very service, or the error stands
const isAlreadyAssociated = (e) => e?.name === 'InvalidRequestException' && /already associated/i.test(e.message);

// the same domain, another service: the domain moves (isComplete does it; the same test there)
const isMove = (event) => {
  const p = event.ResourceProperties || {};
  const o = event.OldResourceProperties || {};
  return event.RequestType === 'Update' && !!o.ServiceArn && o.ServiceArn !== p.ServiceArn
    && lc(o.DomainName) === lc(p.DomainName);
};

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  // the domain as DescribeCustomDomains lists it for the service (all pages), or undefined
  const describe = async (ServiceArn, name) => {
    const { client, commands } = get();
    let NextToken;
    do {
      const input = NextToken ? { ServiceArn, NextToken } : { ServiceArn };
      const r = await client.send(new commands.DescribeCustomDomainsCommand(input));
      const d = (r.CustomDomains || []).find((x) => lc(x.DomainName) === lc(name));
      if (d) {
        return d;
      }
      NextToken = r.NextToken;
    } while (NextToken);
    return undefined;
  };

  // App Runner has no call to change EnableWWWSubdomain of an association
  const checkWww = (d, p) => {
    if (d.EnableWWWSubdomain != null && d.EnableWWWSubdomain !== www(p.EnableWWWSubdomain)) {
      throw new Error(`${p.DomainName} is associated with EnableWWWSubdomain ${d.EnableWWWSubdomain}, not `
        + `${www(p.EnableWWWSubdomain)}: App Runner cannot change it on an association`);
    }
  };

  const associate = async (p) => {
    if (!p.ServiceArn || !p.DomainName) {
      throw new Error('ServiceArn and DomainName are required');
    }
    const { client, commands } = get();
    const input = { ServiceArn: p.ServiceArn, DomainName: p.DomainName };
    if (p.EnableWWWSubdomain != null) {
      input.EnableWWWSubdomain = www(p.EnableWWWSubdomain);
    }
    try {
      await client.send(new commands.AssociateCustomDomainCommand(input));
    } catch (e) {
      if (!isAlreadyAssociated(e)) {
        throw e;
      }
      const d = await describe(p.ServiceArn, p.DomainName);
      if (!d || ['deleting', 'delete_failed'].includes(lc(d.Status))) {
        throw e; // associated elsewhere, or on its way out
      }
      checkWww(d, p);
      console.log(`${p.DomainName} is already associated with ${p.ServiceArn} (${d.Status})`);
    }
    return `${p.ServiceArn}|${p.DomainName}`;
  };

  return async (event) => {
    const p = event.ResourceProperties || {};
    const o = event.OldResourceProperties || {};
    const Data = { StartedAt: String(Date.now()) }; // isComplete's 10-minute deadline starts here
    switch (event.RequestType) {
      case 'Create':
        return { PhysicalResourceId: await associate(p), Data };
      case 'Update': {
        // a new physical id => CloudFormation deletes the old one afterwards
        if (isMove(event)) {
          if (!p.ServiceArn || !p.DomainName) {
            throw new Error('ServiceArn and DomainName are required');
          }
          return { PhysicalResourceId: `${p.ServiceArn}|${p.DomainName}`, Data }; // isComplete moves it
        }
        const moved = o.ServiceArn !== p.ServiceArn || o.DomainName !== p.DomainName;
        if (moved) {
          return { PhysicalResourceId: await associate(p), Data };
        }
        if (www(o.EnableWWWSubdomain) !== www(p.EnableWWWSubdomain)) {
          // refused unless App Runner already has it (the rollback of such a change)
          const d = await describe(p.ServiceArn, p.DomainName);
          if (d) {
            checkWww(d, p);
          }
        }
        return { PhysicalResourceId: event.PhysicalResourceId, Data };
      }
      case 'Delete':
        return { PhysicalResourceId: event.PhysicalResourceId };
      default:
        throw new Error(`Unsupported request type ${event.RequestType}`);
    }
  };
};

exports.handler = exports.makeHandler(() => {
  const ar = require('@aws-sdk/client-apprunner');
  return { client: new ar.AppRunnerClient({}), commands: ar };
});
