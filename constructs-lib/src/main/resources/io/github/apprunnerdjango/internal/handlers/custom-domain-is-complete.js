'use strict';
// isComplete handler of the App Runner custom domain Provider.
// Create/Update: complete once CertificateValidationRecords are listed;
// Data: DNSTarget, ValidationRecordCount, ValidationRecord<i>Name/Value/Type.
// Delete: complete once the domain (or the service) is gone.
const resolve = (deps) => {
  if (typeof deps !== 'function') return () => deps;
  let v;
  return () => v || (v = deps());
};

const lc = (s) => String(s || '').toLowerCase();
const FAILED = ['create_failed', 'delete_failed'];
const READY = ['pending_certificate_dns_validation', 'binding_certificate', 'active'];

const target = (event) => {
  const p = event.ResourceProperties || {};
  if (event.RequestType !== 'Delete') return [p.ServiceArn, p.DomainName];
  const pid = event.PhysicalResourceId || '';
  const i = pid.indexOf('|');
  return i > 0 ? [pid.slice(0, i), pid.slice(i + 1)] : [p.ServiceArn, p.DomainName];
};

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  // all pages of DescribeCustomDomains until the domain is found
  const find = async (ServiceArn, name) => {
    const { client, commands } = get();
    let NextToken;
    let dns;
    do {
      const input = { ServiceArn };
      if (NextToken) input.NextToken = NextToken;
      const r = await client.send(new commands.DescribeCustomDomainsCommand(input));
      dns = dns || r.DNSTarget;
      const d = (r.CustomDomains || []).find((x) => lc(x.DomainName) === lc(name));
      if (d) return { d, dns: r.DNSTarget || dns };
      NextToken = r.NextToken;
    } while (NextToken);
    return { dns };
  };

  return async (event) => {
    const [arn, name] = target(event);
    if (event.RequestType === 'Delete') {
      if (!arn || !name) return { IsComplete: true };
      let d;
      try {
        ({ d } = await find(arn, name));
      } catch (e) {
        if (e && e.name === 'ResourceNotFoundException') return { IsComplete: true };
        throw e;
      }
      if (!d) return { IsComplete: true };
      if (lc(d.Status) === 'delete_failed') {
        throw new Error(`Custom domain ${name} status is ${d.Status}`);
      }
      return { IsComplete: false };
    }

    const { d, dns } = await find(arn, name);
    if (!d) {
      console.log(`Custom domain ${name} not listed yet`);
      return { IsComplete: false };
    }
    const status = lc(d.Status);
    if (FAILED.includes(status)) {
      throw new Error(`Custom domain ${name} status is ${d.Status}`);
    }
    const recs = d.CertificateValidationRecords || [];
    if (!recs.length || !READY.includes(status)) {
      console.log(`Custom domain ${name}: ${d.Status}, ${recs.length} records`);
      return { IsComplete: false };
    }
    const Data = { DNSTarget: dns, ValidationRecordCount: String(recs.length) };
    recs.forEach((r, i) => {
      Data[`ValidationRecord${i}Name`] = r.Name;
      Data[`ValidationRecord${i}Value`] = r.Value;
      Data[`ValidationRecord${i}Type`] = r.Type;
    });
    return { IsComplete: true, Data };
  };
};

exports.handler = exports.makeHandler(() => {
  const sdk = require('@aws-sdk/client-apprunner');
  return { client: new sdk.AppRunnerClient({}), commands: sdk };
});
