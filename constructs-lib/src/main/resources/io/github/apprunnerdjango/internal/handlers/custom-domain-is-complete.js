'use strict';
// isComplete handler of the App Runner custom domain Provider.
//
// Create/Update: complete once App Runner lists the domain's certificate validation records (one or
// more) in a ready status. With the prop HostedZoneId, the records are first UPSERTed in that zone
// (and, after a change of zone, deleted from the previous one). Returns Data: DNSTarget,
// ValidationRecordCount and ValidationRecords ("name CNAME value; ..."), kept small enough for
// CloudFormation's 4 KB response whatever the number of records.
//
// Update to another ServiceArn with the same DomainName (a replaced service, or the rollback of one):
// App Runner associates a domain with one service at a time, so the domain moves first: it is
// disassociated from the old service (again at the next poll while that one is busy), then, once the
// old service no longer lists it, associated with the new one; then as above.
//
// Delete: disassociates the domain (again at the next poll while the service is busy with another
// operation), then deletes its validation records from the zone, and completes once the domain (or
// the whole service) is gone. A Delete that finds the domain gone (retried after a Route 53 error)
// still deletes the records: the zone's listing names them. While the zone has a record of the
// domain itself (another service serves it: a moved domain, weighted records), the records stay.
const resolve = (deps) => {
  let v;
  return () => v || (v = typeof deps === 'function' ? deps() : deps);
};

const lc = (s) => String(s || '').toLowerCase();
const FAILED = ['create_failed', 'delete_failed'];
const READY = ['pending_certificate_dns_validation', 'binding_certificate', 'active'];
// how long App Runner may take to list the records (and a move to free the domain), from onEvent's
// Data.StartedAt
const RECORDS_DEADLINE_MS = 600000;
// the TTL of the validation records this handler writes: the zone's listing tells them by it from
// records written by others (0.1.0's record resources had 300 s)
const TTL = 600;
// pages of ListResourceRecordSets read under the domain's name before giving up the search
const MAX_PAGES = 20;
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
    ResourceRecordSet: { Name, Type: 'CNAME', TTL, ResourceRecords: [{ Value }] },
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

// App Runner's default for EnableWWWSubdomain is true
// (https://docs.aws.amazon.com/apprunner/latest/api/API_AssociateCustomDomain.html)
const www = (v) => (v == null ? true : lc(v) === 'true');

// the same domain, another service: the domain moves (the same test as onEvent's)
const isMove = (event) => {
  const p = event.ResourceProperties || {};
  const o = event.OldResourceProperties || {};
  return event.RequestType === 'Update' && !!o.ServiceArn && o.ServiceArn !== p.ServiceArn
    && lc(o.DomainName) === lc(p.DomainName);
};

const pastDeadline = (event) => Date.now() - Number(event.Data?.StartedAt || Infinity) > RECORDS_DEADLINE_MS;

// "app.example.com." -> "com.example.app": the order in which Route 53 lists names
// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html)
const reversed = (name) => lc(name).replace(/\.$/, '').split('.').reverse().join('.');

// a certificate validation CNAME of the domain as this handler writes it: _*.<domain>, TTL 600, one
// ACM validation value (https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html)
const isOurValidation = (s, fqdn) => s.Type === 'CNAME' && !s.SetIdentifier && !s.AliasTarget
  && lc(s.Name).startsWith('_') && lc(s.Name).endsWith(`.${fqdn}`) && Number(s.TTL) === TTL
  && (s.ResourceRecords || []).length === 1 && /\.acm-validations\.aws\.?$/i.test(s.ResourceRecords[0].Value);

// the record (or the whole service) is already gone
const isMissingRecord = (e) => e?.name === 'InvalidChangeBatch' && /not found/i.test(e.message);
const isGone = (e) => e?.name === 'ResourceNotFoundException'
  || (e?.name === 'InvalidRequestException' && /no custom domain .*found|is not associated/i.test(e.message));
// "<domain> is already associated with ...": in a move, the old service has not released it yet
const isAlreadyAssociated = (e) => e?.name === 'InvalidRequestException' && /already associated/i.test(e.message);

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

  // The zone's records at and under the domain's name, which Route 53 lists one after the other from
  // StartRecordName (sorted by reversed labels): does the domain itself still have a record, and which
  // validation CNAMEs did this handler write?
  const inZone = async (HostedZoneId, name) => {
    const { route53, commands } = get();
    const fqdn = `${lc(name).replace(/\.$/, '')}.`;
    const under = reversed(fqdn);
    const out = { served: false, validation: [] };
    let from = { StartRecordName: fqdn };
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await route53.send(new commands.ListResourceRecordSetsCommand({ HostedZoneId, ...from, MaxItems: 100 }));
      for (const s of r.ResourceRecordSets || []) {
        if (!reversed(s.Name).startsWith(under)) {
          return out; // past the names that start like the domain's (reversed)
        }
        if (lc(s.Name) === fqdn) {
          out.served = true;
        } else if (isOurValidation(s, fqdn)) {
          out.validation.push({ Name: s.Name, Value: s.ResourceRecords[0].Value });
        }
      }
      if (!r.IsTruncated) {
        return out;
      }
      from = { StartRecordName: r.NextRecordName, StartRecordType: r.NextRecordType };
      if (r.NextRecordIdentifier) {
        from.StartRecordIdentifier = r.NextRecordIdentifier;
      }
    }
    return out;
  };

  // Deletes the validation records of a domain no longer associated with the service: the ones App
  // Runner listed (`known`) and the ones the zone holds, which a retried Delete only finds there. Does
  // the zone still have a record of the domain itself? The stack's domain record goes before the
  // association (it reads DNSTarget); one still there is another service's with the same domain (a
  // moved domain, or the other side of weighted records), whose certificate validates with the same
  // CNAMEs: they stay, or its certificate would no longer renew
  // (https://docs.aws.amazon.com/apprunner/latest/dg/manage-custom-domains.html).
  const cleanUp = async (zone, name, known) => {
    if (!zone) {
      return;
    }
    try {
      const z = await inZone(zone, name);
      if (z.served) {
        console.log(`${zone} still has a record for ${name}: its validation records stay`);
      } else {
        await deleteRecords(zone, [...known, ...z.validation]); // the zone's values win (exact match)
      }
    } catch (e) {
      if (e?.name !== 'NoSuchHostedZone') {
        throw e;
      }
      console.log(`zone gone with its records: ${e.message}`); // deleted with the records in it
    }
  };

  // Delete: true once the domain (or the service) is gone
  const isDeleted = async (event) => {
    const [arn, name] = target(event);
    if (!arn || !name) {
      return true;
    }
    const zone = event.ResourceProperties?.HostedZoneId;
    let d;
    try {
      ({ d } = await find(arn, name));
    } catch (e) {
      if (e?.name !== 'ResourceNotFoundException') {
        throw e;
      }
      // no service
    }
    if (!d) {
      await cleanUp(zone, name, []);
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
    const records = out?.CustomDomain?.CertificateValidationRecords?.length
      ? out.CustomDomain.CertificateValidationRecords : d.CertificateValidationRecords || [];
    await cleanUp(zone, name, records);
    return false; // complete when App Runner no longer lists it (and then the zone is looked at again)
  };

  // A move (see isMove): true once the domain is associated with the new service. Until then it is
  // taken off the old one: disassociated (again at the next poll while that service is busy with
  // another operation: https://docs.aws.amazon.com/apprunner/latest/api/API_DisassociateCustomDomain.html),
  // then waited for until the old service no longer lists it (or is gone), then associated.
  const moved = async (event) => {
    const p = event.ResourceProperties;
    const o = event.OldResourceProperties;
    const name = p.DomainName;
    const { client, commands } = get();
    if ((await find(p.ServiceArn, name)).d) {
      return true; // associated at an earlier poll (or never left: a retried request)
    }
    let old;
    try {
      ({ d: old } = await find(o.ServiceArn, name));
    } catch (e) {
      if (e?.name !== 'ResourceNotFoundException') {
        throw e;
      }
    }
    if (old) {
      if (lc(old.Status) === 'delete_failed') {
        throw new Error(`Custom domain ${name} status is ${old.Status} on ${o.ServiceArn}`);
      }
      if (lc(old.Status) !== 'deleting') {
        try {
          await client.send(new commands.DisassociateCustomDomainCommand({ ServiceArn: o.ServiceArn, DomainName: name }));
          console.log(`${name} disassociated from ${o.ServiceArn}, for ${p.ServiceArn}`);
        } catch (e) {
          if (e?.name === 'InvalidStateException') {
            console.log(`${o.ServiceArn} is busy, disassociating ${name} at the next poll: ${e.message}`);
          } else if (!isGone(e)) {
            throw e;
          }
        }
      }
      return false;
    }
    const input = { ServiceArn: p.ServiceArn, DomainName: name };
    if (p.EnableWWWSubdomain != null) {
      input.EnableWWWSubdomain = www(p.EnableWWWSubdomain);
    }
    try {
      await client.send(new commands.AssociateCustomDomainCommand(input));
    } catch (e) {
      if (!isAlreadyAssociated(e)) {
        throw e;
      }
      console.log(`${name} not yet released by ${o.ServiceArn}: associating at the next poll`);
      return false;
    }
    return true;
  };

  return async (event) => {
    if (event.RequestType === 'Delete') {
      return { IsComplete: await isDeleted(event) };
    }
    if (isMove(event) && !(await moved(event))) {
      if (pastDeadline(event)) {
        throw new Error(`${event.ResourceProperties.DomainName} could not be moved from`
          + ` ${event.OldResourceProperties.ServiceArn} within 10 minutes`);
      }
      return { IsComplete: false };
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
      if (pastDeadline(event)) {
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
