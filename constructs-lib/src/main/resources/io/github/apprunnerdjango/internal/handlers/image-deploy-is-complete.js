'use strict';
// isComplete handler of DockerImageDeployment's Provider: SDK v3 port of
// cdk-docker-image-deployment@0.0.1034 codebuild-handler isCompleteHandler.
const resolve = (deps) => {
  if (typeof deps !== 'function') return () => deps;
  let v;
  return () => v || (v = deps());
};

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
    const phase = b.currentPhase;
    const status = b.buildStatus;
    if (phase === 'COMPLETED' && status === 'SUCCEEDED') {
      return {
        IsComplete: true,
        Data: {
          Status: 'CodeBuild completed successfully',
          LogsUrl: `${JSON.stringify(b.logs?.deepLink)}`,
        },
      };
    } else if (phase === 'COMPLETED' && status === 'FAILED') {
      if (b.logs?.deepLink) {
        throw new Error(`CodeBuild failed, check the logs here: ${b.logs.deepLink}`);
      }
      throw new Error('CodeBuild failed');
    }
    // not finished (as upstream: also for FAULT/STOPPED/TIMED_OUT)
    return { IsComplete: false };
  };
};

exports.handler = exports.makeHandler(() => {
  const sdk = require('@aws-sdk/client-codebuild');
  return { client: new sdk.CodeBuildClient({}), commands: sdk };
});
