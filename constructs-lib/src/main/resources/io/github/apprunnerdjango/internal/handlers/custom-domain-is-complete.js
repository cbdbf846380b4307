'use strict';
// isComplete handler of the App Runner custom domain Provider. Create/Update: complete once the
// CertificateValidationRecords (1+) are listed, UPSERTed first in prop HostedZoneId if set. Data:
// DNSTarget, ValidationRecordCount, ValidationRecords, ValidationRecord<i>Name/Value.
// Delete: complete once the domain (or the service) is gone.
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

const lc = (s) => String(s || '').toLowerCase();
const FAILED = ['create_failed', 'delete_failed'];
const READY = ['pending_certificate_dns_validation', 'binding_certificate', 'active'];

// [ServiceArn, DomainName]; Delete reads the physical id `${ServiceArn}|${DomainName}` first
const target = (event) => {
  const p = event.ResourceProperties || {};
  const m = /^([^|]+)\|(.*)$/.exec(event.PhysicalResourceId || '');
  return event.RequestType === 'Delete' && m ? [m[1], m[2]] : [p.ServiceArn, p.DomainName];
};

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  // all pages of DescribeCustomDomains until the domain is found
  const find = async (ServiceArn, name) => {
    const { client, commands } = get();
    let NextToken, dns;
    do {
      const r = await client.send(new commands.DescribeCustomDomainsCommand(NextToken ? { ServiceArn, NextToken } : { ServiceArn }));
      dns = r.DNSTarget || dns;
      const d = (r.CustomDomains || []).find((x) => lc(x.DomainName) === lc(name));
      if (d) return { d, dns };
      ({ NextToken } = r);
    } while (NextToken);
    return { dns };
  };

  return async (event) => {
    const [arn, name] = target(event);
    if (event.RequestType === 'Delete') {
      if (!arn || !name) return { IsComplete: true };
      const { d } = await find(arn, name).catch((e) => {
        if (e?.name === 'ResourceNotFoundException') return {}; // no service
        throw e;
      });
      if (!d) return { IsComplete: true };
      if (lc(d.Status) === 'delete_failed') throw new Error(`Custom domain ${name} status is ${d.Status}`);
      return { IsComplete: false };
    }

    const { d = { Status: 'not listed' }, dns } = await find(arn, name);
    if (FAILED.includes(lc(d.Status))) throw new Error(`Custom domain ${name} status is ${d.Status}`);
    const recs = d.CertificateValidationRecords || [];
    if (!recs.length || !READY.includes(lc(d.Status))) {
      console.log(`Custom domain ${name}: ${d.Status}, ${recs.length} records`);
      // the Provider framework merges onEvent's result (Data.StartedAt) into this event
      if (Date.now() - Number(event.Data?.StartedAt || Infinity) > 600000) {
        throw new Error(`App Runner listed no certificate validation records for ${name} within 10 minutes (status ${d.Status})`);
      }
      return { IsComplete: false };
    }
    const zone = event.ResourceProperties?.HostedZoneId;
    if (zone) {
      // Name/Value are fully qualified; Map drops duplicates (they would fail the batch)
      const Changes = [...new Map(recs.map((r) => [r.Name, r.Value]))].map(([Name, Value]) => ({
        Action: 'UPSERT', ResourceRecordSet: { Name, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value }] } }));
      const { route53, commands } = get();
      await route53.send(new commands.ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes } }));
    }
    const Data = { DNSTarget: dns, ValidationRecordCount: String(recs.length),
      ValidationRecords: recs.map((r) => `${r.Name} CNAME ${r.Value}`).join('; ') };
    recs.forEach((r, i) => Object.assign(Data, { [`ValidationRecord${i}Name`]: r.Name, [`ValidationRecord${i}Value`]: r.Value }));
    return { IsComplete: true, Data };
  };
};

exports.handler = exports.makeHandler(() => {
  const ar = require('@aws-sdk/client-apprunner');
  const r53 = require('@aws-sdk/client-route-53');
  return { client: new ar.AppRunnerClient({}), route53: new r53.Route53Client({}), commands: { ...ar, ...r53 } };
});
