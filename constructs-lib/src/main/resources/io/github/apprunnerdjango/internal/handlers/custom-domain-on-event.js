'use strict';
// onEvent handler of the App Runner custom domain Provider.
// Props: ServiceArn, DomainName, EnableWWWSubdomain ('true'/'false'), HostedZoneId (optional).
// Physical id: `${ServiceArn}|${DomainName}`.
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

const lc = (s) => String(s || '').toLowerCase();

// the domain (or the service) is already gone: nothing left to disassociate
const isGone = (e) =>
  ['ResourceNotFoundException', 'InvalidStateException'].includes(e?.name) ||
  /no custom domain .*found|is not associated/i.test(e?.message);

// the record is already gone: nothing left to delete
const isMissingRecord = (e) => e?.name === 'InvalidChangeBatch' && /not found/i.test(e.message);

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  const associate = async (p) => {
    if (!p.ServiceArn || !p.DomainName) {
      throw new Error('ServiceArn and DomainName are required');
    }
    const { client, commands } = get();
    const input = { ServiceArn: p.ServiceArn, DomainName: p.DomainName };
    if (p.EnableWWWSubdomain != null) {
      input.EnableWWWSubdomain = lc(p.EnableWWWSubdomain) === 'true';
    }
    await client.send(new commands.AssociateCustomDomainCommand(input));
    return `${p.ServiceArn}|${p.DomainName}`;
  };

  // the domain's certificate validation records, as App Runner lists them ([] when it is gone)
  const validationRecords = async (ServiceArn, name) => {
    const { client, commands } = get();
    let records = [];
    let NextToken;
    try {
      do {
        const input = NextToken ? { ServiceArn, NextToken } : { ServiceArn };
        const r = await client.send(new commands.DescribeCustomDomainsCommand(input));
        const d = (r.CustomDomains || []).find((x) => lc(x.DomainName) === lc(name));
        records = d?.CertificateValidationRecords || [];
        NextToken = !d && r.NextToken;
      } while (NextToken);
    } catch (e) {
      if (!isGone(e)) {
        throw e;
      }
    }
    return records;
  };

  // DELETEs the CNAMEs isComplete UPSERTed (same TTL, values read back from App Runner)
  const unvalidate = async (HostedZoneId, ServiceArn, name) => {
    const { route53, commands } = get();
    const records = await validationRecords(ServiceArn, name);
    const unique = new Map(records.map((r) => [r.Name, r.Value]));
    // one call per record: a batch fails whole when one of its records is already gone
    for (const [Name, Value] of unique) {
      const change = {
        Action: 'DELETE',
        ResourceRecordSet: { Name, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value }] },
      };
      await route53.send(new commands.ChangeResourceRecordSetsCommand({
        HostedZoneId,
        ChangeBatch: { Changes: [change] },
      })).catch((e) => {
        if (!isMissingRecord(e)) {
          throw e;
        }
      });
    }
  };

  const disassociate = async (ServiceArn, DomainName) => {
    const { client, commands } = get();
    await client.send(new commands.DisassociateCustomDomainCommand({ ServiceArn, DomainName })).catch((e) => {
      if (!isGone(e)) {
        throw e;
      }
      console.log(`ignoring ${e.name}: ${e.message}`);
    });
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
        const moved = o.ServiceArn !== p.ServiceArn || o.DomainName !== p.DomainName;
        return { PhysicalResourceId: moved ? await associate(p) : event.PhysicalResourceId, Data };
      }
      case 'Delete': {
        // the physical id first, the properties when it is not ours
        const m = /^([^|]+)\|(.*)$/.exec(event.PhysicalResourceId || '');
        const [ServiceArn, DomainName] = m ? m.slice(1) : [p.ServiceArn, p.DomainName];
        if (ServiceArn && DomainName) {
          if (p.HostedZoneId) {
            await unvalidate(p.HostedZoneId, ServiceArn, DomainName);
          }
          await disassociate(ServiceArn, DomainName);
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
  return {
    client: new ar.AppRunnerClient({}),
    route53: new r53.Route53Client({}),
    commands: { ...ar, ...r53 },
  };
});
