'use strict';
// isComplete handler of the App Runner custom domain Provider.
//
// Create/Update: complete once App Runner lists the domain's certificate validation records (one or
// more) in a ready status. With the prop HostedZoneId, the records are first UPSERTed in that zone.
// Returns Data: DNSTarget, ValidationRecordCount, ValidationRecords ("name CNAME value; ...") and
// ValidationRecord<i>Name / ValidationRecord<i>Value for each record.
//
// Delete: complete once the domain (or the whole service) is gone.
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

const lc = (s) => String(s || '').toLowerCase();
const FAILED = ['create_failed', 'delete_failed'];
const READY = ['pending_certificate_dns_validation', 'binding_certificate', 'active'];
// how long App Runner may take to list the records, from onEvent's Data.StartedAt
const RECORDS_DEADLINE_MS = 600000;

// [ServiceArn, DomainName]; Delete reads the physical id `${ServiceArn}|${DomainName}` first
const target = (event) => {
  const p = event.ResourceProperties || {};
  const m = /^([^|]+)\|(.*)$/.exec(event.PhysicalResourceId || '');
  if (event.RequestType === 'Delete' && m) {
    return [m[1], m[2]];
  }
  return [p.ServiceArn, p.DomainName];
};

// the UPSERT of each record (Name and Value are fully qualified); the Map drops duplicates, which
// would fail the whole batch
const upserts = (records) => {
  const unique = new Map(records.map((r) => [r.Name, r.Value]));
  return [...unique].map(([Name, Value]) => ({
    Action: 'UPSERT',
    ResourceRecordSet: { Name, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value }] },
  }));
};

const dataOf = (dns, records) => {
  const Data = {
    DNSTarget: dns,
    ValidationRecordCount: String(records.length),
    ValidationRecords: records.map((r) => `${r.Name} CNAME ${r.Value}`).join('; '),
  };
  records.forEach((r, i) => {
    Data[`ValidationRecord${i}Name`] = r.Name;
    Data[`ValidationRecord${i}Value`] = r.Value;
  });
  return Data;
};

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  // all pages of DescribeCustomDomains until the domain is found
  const find = async (ServiceArn, name) => {
    const { client, commands } = get();
    let NextToken;
    let dns;
    do {
      const input = NextToken ? { ServiceArn, NextToken } : { ServiceArn };
      const r = await client.send(new commands.DescribeCustomDomainsCommand(input));
      dns = r.DNSTarget || dns;
      const d = (r.CustomDomains || []).find((x) => lc(x.DomainName) === lc(name));
      if (d) {
        return { d, dns };
      }
      NextToken = r.NextToken;
    } while (NextToken);
    return { dns };
  };

  const isDeleted = async (arn, name) => {
    if (!arn || !name) {
      return true;
    }
    let d;
    try {
      ({ d } = await find(arn, name));
    } catch (e) {
      if (e?.name === 'ResourceNotFoundException') {
        return true; // no service
      }
      throw e;
    }
    if (!d) {
      return true;
    }
    if (lc(d.Status) === 'delete_failed') {
      throw new Error(`Custom domain ${name} status is ${d.Status}`);
    }
    return false;
  };

  return async (event) => {
    const [arn, name] = target(event);
    if (event.RequestType === 'Delete') {
      return { IsComplete: await isDeleted(arn, name) };
    }

    const found = await find(arn, name);
    const d = found.d || { Status: 'not listed' };
    if (FAILED.includes(lc(d.Status))) {
      throw new Error(`Custom domain ${name} status is ${d.Status}`);
    }
    const records = d.CertificateValidationRecords || [];
    if (!records.length || !READY.includes(lc(d.Status))) {
      console.log(`Custom domain ${name}: ${d.Status}, ${records.length} records`);
      // the Provider framework merges onEvent's result (Data.StartedAt) into this event
      const startedAt = Number(event.Data?.StartedAt || Infinity);
      if (Date.now() - startedAt > RECORDS_DEADLINE_MS) {
        throw new Error(`App Runner listed no certificate validation records for ${name} within 10 minutes` +
          ` (status ${d.Status})`);
      }
      return { IsComplete: false };
    }

    const zone = event.ResourceProperties?.HostedZoneId;
    if (zone) {
      const { route53, commands } = get();
      await route53.send(new commands.ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: { Changes: upserts(records) },
      }));
    }
    return { IsComplete: true, Data: dataOf(found.dns, records) };
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
