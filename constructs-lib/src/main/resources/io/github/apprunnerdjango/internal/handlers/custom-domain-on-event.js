'use strict';
// onEvent handler of the App Runner custom domain Provider.
// Props: ServiceArn, DomainName, EnableWWWSubdomain ('true'/'false').
// PhysicalResourceId: `${ServiceArn}|${DomainName}`.
const resolve = (deps) => {
  if (typeof deps !== 'function') return () => deps;
  let v;
  return () => v || (v = deps());
};

const GONE = ['ResourceNotFoundException', 'InvalidStateException'];
const isGone = (e) => GONE.includes(e && (e.name || e.Code || e.code)) ||
  /no custom domain .*found|is not associated/i.test((e && e.message) || '');

// [ServiceArn, DomainName] of an existing resource (physical id first)
const target = (event) => {
  const pid = event.PhysicalResourceId || '';
  const i = pid.indexOf('|');
  if (i > 0) return [pid.slice(0, i), pid.slice(i + 1)];
  const p = event.ResourceProperties || {};
  return [p.ServiceArn, p.DomainName];
};

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  const associate = async (p) => {
    if (!p.ServiceArn || !p.DomainName) {
      throw new Error('ServiceArn and DomainName are required');
    }
    const { client, commands } = get();
    const input = { ServiceArn: p.ServiceArn, DomainName: p.DomainName };
    if (p.EnableWWWSubdomain !== undefined && p.EnableWWWSubdomain !== null) {
      input.EnableWWWSubdomain = String(p.EnableWWWSubdomain).toLowerCase() === 'true';
    }
    await client.send(new commands.AssociateCustomDomainCommand(input));
    return { PhysicalResourceId: `${p.ServiceArn}|${p.DomainName}` };
  };

  return async (event) => {
    const p = event.ResourceProperties || {};
    switch (event.RequestType) {
      case 'Create':
        return associate(p);
      case 'Update': {
        const o = event.OldResourceProperties || {};
        if (o.ServiceArn !== p.ServiceArn || o.DomainName !== p.DomainName) {
          // new physical id => CloudFormation deletes the old one afterwards
          return associate(p);
        }
        return { PhysicalResourceId: event.PhysicalResourceId };
      }
      case 'Delete': {
        const [ServiceArn, DomainName] = target(event);
        if (ServiceArn && DomainName) {
          const { client, commands } = get();
          try {
            await client.send(new commands.DisassociateCustomDomainCommand({ ServiceArn, DomainName }));
          } catch (e) {
            if (!isGone(e)) throw e;
            console.log(`ignoring ${e.name}: ${e.message}`);
          }
        }
        return { PhysicalResourceId: event.PhysicalResourceId };
      }
      default:
        throw new Error(`Unsupported request type ${event.RequestType}`);
    }
  };
};

exports.handler = exports.makeHandler(() => {
  const sdk = require('@aws-sdk/client-apprunner');
  return { client: new sdk.AppRunnerClient({}), commands: sdk };
});
