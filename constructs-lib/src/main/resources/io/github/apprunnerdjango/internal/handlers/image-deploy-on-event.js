'use strict';
// onEvent handler of DockerImageDeployment's Provider: SDK v3 port of
// cdk-docker-image-deployment@0.0.1034 codebuild-handler onEventhandler.
const resolve = (deps) => {
  if (typeof deps !== 'function') return () => deps;
  let v;
  return () => v || (v = deps());
};

exports.makeHandler = (deps) => {
  const get = resolve(deps);
  return async (event) => {
    switch (event.RequestType) {
      case 'Create':
      case 'Update': {
        const { client, commands } = get();
        const out = await client.send(new commands.StartBuildCommand({
          projectName: event.ResourceProperties.projectName,
        }));
        const buildId = out.build?.id;
        if (buildId) {
          return { BuildId: buildId }; // passed to isComplete
        }
        throw new Error('BuildId does not exist after CodeBuild:StartBuild call');
      }
      case 'Delete':
        // tells isComplete there is nothing to wait for
        return { BuildId: 'onDelete' };
    }
  };
};

exports.handler = exports.makeHandler(() => {
  const sdk = require('@aws-sdk/client-codebuild');
  return { client: new sdk.CodeBuildClient({}), commands: sdk };
});
