'use strict';
// isComplete handler of DockerImageDeployment's Provider: SDK v3 port of
// cdk-docker-image-deployment@0.0.1034 codebuild-handler isCompleteHandler.
const resolve = (deps) => {
  if (typeof deps !== 'function') return () => deps;
  let v;
  return () => v || (v = deps());
};

const TERMINAL = ['FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'];

exports.makeHandler = (deps) => {
  const get = resolve(deps);
  return async (event) => {
    const buildId = event.BuildId; // from onEvent's StartBuild
    if (!buildId) {
      throw new Error('BuildId was not found or undefined');
    }
    if (buildId === 'onDelete') {
      return { IsComplete: true };
    }
    const { client, commands } = get();
    const build = await client.send(new commands.BatchGetBuildsCommand({ ids: [buildId] }));
    if (!build.builds || build.builds.length <= 0) {
      throw new Error(`Build does not exist for BuildId: ${buildId}`);
    }
    const b = build.builds[0];
    const status = b.buildStatus;
    if (status === 'SUCCEEDED') {
      return {
        IsComplete: true,
        Data: {
          Status: 'CodeBuild completed successfully',
          LogsUrl: `${JSON.stringify(b.logs?.deepLink)}`,
        },
      };
    }
    // any other terminal status fails whatever currentPhase says (a STOPPED build may
    // report another phase); upstream waited on FAULT/STOPPED/TIMED_OUT until the timeout
    if (TERMINAL.includes(status)) {
      const link = b.logs?.deepLink;
      throw new Error(`CodeBuild failed (status ${status})` + (link ? `, check the logs here: ${link}` : ''));
    }
    return { IsComplete: false }; // IN_PROGRESS
  };
};

exports.handler = exports.makeHandler(() => {
  const sdk = require('@aws-sdk/client-codebuild');
  return { client: new sdk.CodeBuildClient({}), commands: sdk };
});
