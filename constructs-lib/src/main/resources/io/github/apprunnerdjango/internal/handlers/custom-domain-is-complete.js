'use strict';
// isComplete handler of the App Runner custom domain Provider.
//
// Create/Update: complete once App Runner lists the domain's certificate validation records (one or
// more) in a ready status. With the prop HostedZoneId, the records are first UPSERTed in that zone
// (and, after a change of zone, deleted from the previous one). Returns Data: DNSTarget,
// ValidationRecordCount and ValidationRecords ("name CNAME value; ..."), kept small enough for
// CloudFormation's 4 KB response whatever the number of records.
//
// Delete: disassociates the domain (again at the next poll while the service is busy with another
// operation), then deletes its validation records from the zone, and completes once the domain (or
// the whole service) is gone.
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

const lc = (s) => String(s || '').toLowerCase();
const FAILED = ['create_failed', 'delete_failed'];
const READY = ['pending_certificate_dns_validation', 'binding_certificate', 'active'];
// how long App Runner may take to list the records, from onEvent's Data.StartedAt
const RECORDS_DEADLINE_MS = 600000;
// CloudFormation refuses a custom resource response over 4096 bytes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html). The ids,
// ARNs and the other Data take at most about 1.3 KB; the list of records gets what is left, with room.
const RECORDS_LIST_MAX = 2000;

// [ServiceArn, DomainName]; Delete reads the physical id `${ServiceArn}|${DomainName}` first
const target = (event) => {
  const p = event.ResourceProperties || {};
  const m = /^([^|]+)\|(.*)$/.exec(event.PhysicalResourceId || '');
  if (event.RequestType === 'Delete' && m) {
    return [m[1], m[2]];
  }
  return [p.ServiceArn, p.DomainName];
};

// one change per record (Name and Value are fully qualified); the Map drops duplicates, which would
// fail a batch
const changes = (Action, records) => {
  const unique = new Map(records.map((r) => [r.Name, r.Value]));
  return [...unique].map(([Name, Value]) => ({
    Action,
    ResourceRecordSet: { Name, Type: 'CNAME', TTL: 600, ResourceRecords: [{ Value }] },
  }));
};

// "name CNAME value; ...": every record, or as many whole ones as fit in RECORDS_LIST_MAX characters
// and how many were left out
const listed = (records) => {
  const all = records.map((r) => `${r.Name} CNAME ${r.Value}`);
  const more = (k) => `...and ${k} more (aws apprunner describe-custom-domains)`;
  if (all.join('; ').length <= RECORDS_LIST_MAX) {
    return all.join('; ');
  }
  const kept = [];
  while ([...kept, all[kept.length], more(all.length - kept.length - 1)].join('; ').length <= RECORDS_LIST_MAX) {
    kept.push(all[kept.length]);
  }
  return [...kept, more(all.length - kept.length)].join('; ');
};

const dataOf = (dns, records) => ({
  DNSTarget: dns,
  ValidationRecordCount: String(records.length),
  ValidationRecords: listed(records),
});

// the record (or the whole service) is already gone
const isMissingRecord = (e) => e?.name === 'InvalidChangeBatch' && /not found/i.test(e.message);
const isGone = (e) => e?.name === 'ResourceNotFoundException'
  || (e?.name === 'InvalidRequestException' && /no custom domain .*found|is not associated/i.test(e.message));

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

  // DELETEs the CNAMEs (same TTL and values as UPSERTed), one call per record: a batch fails whole
  // when one of its records is already gone
  const deleteRecords = async (HostedZoneId, records) => {
    const { route53, commands } = get();
    for (const change of changes('DELETE', records)) {
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

  // Does the zone still have a record of the domain itself? The stack's domain record goes before
  // the association (it reads DNSTarget); one still there is another service's with the same domain
  // (a replacement of the service, or the other side of weighted records), whose certificate
  // validates with the same CNAMEs: they stay, or its certificate would no longer renew
  // (https://docs.aws.amazon.com/apprunner/latest/dg/manage-custom-domains.html).
  const stillServed = async (HostedZoneId, name) => {
    const { route53, commands } = get();
    const fqdn = `${lc(name).replace(/\.$/, '')}.`;
    const r = await route53.send(new commands.ListResourceRecordSetsCommand({
      HostedZoneId, StartRecordName: fqdn, MaxItems: 10,
    }));
    return (r.ResourceRecordSets || []).some((s) => lc(s.Name) === fqdn);
  };

  // Delete: true once the domain (or the service) is gone
  const isDeleted = async (event) => {
    const [arn, name] = target(event);
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
    const status = lc(d.Status);
    if (status === 'delete_failed') {
      throw new Error(`Custom domain ${name} status is ${d.Status}`);
    }
    if (status === 'deleting') {
      return false;
    }
    const { client, commands } = get();
    let out;
    try {
      out = await client.send(new commands.DisassociateCustomDomainCommand({ ServiceArn: arn, DomainName: name }));
    } catch (e) {
      // the service is busy with another operation (a deployment...): again at the next poll
      // (https://docs.aws.amazon.com/apprunner/latest/api/API_DisassociateCustomDomain.html)
      if (e?.name === 'InvalidStateException') {
        console.log(`${arn} is busy, disassociating ${name} at the next poll: ${e.message}`);
        return false;
      }
      if (!isGone(e)) {
        throw e;
      }
      console.log(`ignoring ${e.name}: ${e.message}`);
    }
    // the records go only once the domain is no longer associated: its certificate needs them until then
    const zone = event.ResourceProperties?.HostedZoneId;
    if (zone) {
      const records = out?.CustomDomain?.CertificateValidationRecords?.length
        ? out.CustomDomain.CertificateValidationRecords : d.CertificateValidationRecords || [];
      try {
        if (await stillServed(zone, name)) {
          console.log(`${zone} still has a record for ${name}: its validation records stay`);
        } else {
          await deleteRecords(zone, records);
        }
      } catch (e) {
        if (e?.name !== 'NoSuchHostedZone') {
          throw e;
        }
        console.log(`zone gone with its records: ${e.message}`); // deleted with the records in it
      }
    }
    return false; // complete when App Runner no longer lists it
  };

  return async (event) => {
    if (event.RequestType === 'Delete') {
      return { IsComplete: await isDeleted(event) };
    }

    const [arn, name] = target(event);
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
        ChangeBatch: { Changes: changes('UPSERT', records) },
      }));
      // the same association moved to another zone: the previous zone's copies go, once the new ones are in
      const o = event.OldResourceProperties || {};
      const p = event.ResourceProperties;
      if (event.RequestType === 'Update' && o.HostedZoneId && o.HostedZoneId !== zone
          && o.ServiceArn === p.ServiceArn && o.DomainName === p.DomainName) {
        await deleteRecords(o.HostedZoneId, records);
      }
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
