'use strict';
// onEvent handler of the App Runner custom domain Provider; physical id `${ServiceArn}|${DomainName}`.
// Props: ServiceArn, DomainName, EnableWWWSubdomain ('true'/'false'), HostedZoneId (optional).
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

const lc = (s) => String(s || '').toLowerCase();
const isGone = (e) => ['ResourceNotFoundException', 'InvalidStateException'].includes(e?.name) ||
  /no custom domain .*found|is not associated/i.test(e?.message);

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  const associate = async (p) => {
    if (!p.ServiceArn || !p.DomainName) throw new Error('ServiceArn and DomainName are required');
    const { client, commands } = get();
    const input = { ServiceArn: p.ServiceArn, DomainName: p.DomainName };
    if (p.EnableWWWSubdomain != null) input.EnableWWWSubdomain = lc(p.EnableWWWSubdomain) === 'true';
    await client.send(new commands.AssociateCustomDomainCommand(input));
    return `${p.ServiceArn}|${p.DomainName}`;
  };

  // DELETE the CNAMEs isComplete UPSERTed (same TTL, values read back from App Runner)
  const unvalidate = async (HostedZoneId, ServiceArn, name) => {
    const { client, route53, commands } = get();
    let recs = [], NextToken;
    try {
      do {
        const r = await client.send(new commands.DescribeCustomDomainsCommand(NextToken ? { ServiceArn, NextToken } : { ServiceArn }));
        const d = (r.CustomDomains || []).find((x) => lc(x.DomainName) === lc(name));
        recs = d?.CertificateValidationRecords || [];
        NextToken = !d && r.NextToken;
      } while (NextToken);
    } catch (e) {
      if (!isGone(e)) throw e;
    }
    // one call per record: a batch fails whole when one of them is already gone
    for (const [Name, Value] of new Map(recs.map((r) => [r.Name, r.Value]))) {
      await route53.send(new commands.ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes: [{
        Action: 'DELETE', ResourceRecordSet: { Name, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value }] } }] } }))
        .catch((e) => {
          if (!(e?.name === 'InvalidChangeBatch' && /not found/i.test(e.message))) throw e;
        });
    }
  };

  return async (event) => {
    const p = event.ResourceProperties || {};
    const o = event.OldResourceProperties || {};
    const Data = { StartedAt: String(Date.now()) }; // isComplete's 10-minute deadline starts here
    switch (event.RequestType) {
      case 'Create':
        return { PhysicalResourceId: await associate(p), Data };
      case 'Update':
        // new physical id => CloudFormation deletes the old one afterwards
        return { PhysicalResourceId: o.ServiceArn !== p.ServiceArn || o.DomainName !== p.DomainName ?
          await associate(p) : event.PhysicalResourceId, Data };
      case 'Delete': {
        // the physical id first, the properties when it is not ours
        const m = /^([^|]+)\|(.*)$/.exec(event.PhysicalResourceId || '');
        const [ServiceArn, DomainName] = m ? m.slice(1) : [p.ServiceArn, p.DomainName];
        if (ServiceArn && DomainName) {
          if (p.HostedZoneId) await unvalidate(p.HostedZoneId, ServiceArn, DomainName);
          const { client, commands } = get();
          await client.send(new commands.DisassociateCustomDomainCommand({ ServiceArn, DomainName })).catch((e) => {
            if (!isGone(e)) throw e;
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
  const ar = require('@aws-sdk/client-apprunner');
  const r53 = require('@aws-sdk/client-route-53');
  return { client: new ar.AppRunnerClient({}), route53: new r53.Route53Client({}), commands: { ...ar, ...r53 } };
});
