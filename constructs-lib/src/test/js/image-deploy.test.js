'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, fakeClient, sdkError } = require('./fakes');

const onEvent = require(handlerPath('image-deploy-on-event.js'));
const isComplete = require(handlerPath('image-deploy-is-complete.js'));
const C = commands('StartBuildCommand', 'BatchGetBuildsCommand');

const props = { ServiceToken: 'arn:lambda', projectName: 'DockerImageDeployProjectABC' };

test.describe('image-deploy-on-event', () => {
  for (const RequestType of ['Create', 'Update']) {
    test(`${RequestType} starts the CodeBuild project and returns BuildId`, async () => {
      const client = fakeClient(() => ({ build: { id: 'proj:1234' } }));
      const h = onEvent.makeHandler({ client, commands: C });
      const res = await h({ RequestType, ResourceProperties: props, PhysicalResourceId: 'pid' });
      assert.deepEqual(res, { BuildId: 'proj:1234' });
      assert.deepEqual(client.calls, [
        { name: 'StartBuildCommand', input: { projectName: 'DockerImageDeployProjectABC' } },
      ]);
    });
  }

  test('Delete returns the onDelete marker without calling CodeBuild', async () => {
    const client = fakeClient();
    let factoryCalls = 0;
    const h = onEvent.makeHandler(() => { factoryCalls++; return { client, commands: C }; });
    const res = await h({ RequestType: 'Delete', ResourceProperties: props, PhysicalResourceId: 'pid' });
    assert.deepEqual(res, { BuildId: 'onDelete' });
    assert.equal(client.calls.length, 0);
    assert.equal(factoryCalls, 0);
  });

  test('throws when StartBuild returns no build id', async () => {
    for (const out of [{}, { build: {} }, { build: { id: '' } }]) {
      const h = onEvent.makeHandler({ client: fakeClient(() => out), commands: C });
      await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props }),
        { message: 'BuildId does not exist after CodeBuild:StartBuild call' });
    }
  });

  test('propagates StartBuild errors', async () => {
    const h = onEvent.makeHandler({
      client: fakeClient(() => { throw sdkError('AccessDeniedException', 'no'); }), commands: C,
    });
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props }), { name: 'AccessDeniedException' });
  });

  test('unknown RequestType resolves to undefined (as upstream)', async () => {
    const h = onEvent.makeHandler({ client: fakeClient(), commands: C });
    assert.equal(await h({ RequestType: 'Bogus', ResourceProperties: props }), undefined);
  });

  test('client factory is invoked lazily and only once', async () => {
    let n = 0;
    const client = fakeClient(() => ({ build: { id: 'b' } }));
    const h = onEvent.makeHandler(() => { n++; return { client, commands: C }; });
    assert.equal(n, 0);
    await h({ RequestType: 'Create', ResourceProperties: props });
    await h({ RequestType: 'Update', ResourceProperties: props });
    assert.equal(n, 1);
    assert.equal(client.calls.length, 2);
  });

  test('exported production handler handles Delete without loading the SDK', async () => {
    assert.deepEqual(await onEvent.handler({ RequestType: 'Delete', ResourceProperties: props }), { BuildId: 'onDelete' });
  });
});

test.describe('image-deploy-on-event: ECR tag check (RepositoryName + ImageTag)', () => {
  const E = commands('StartBuildCommand', 'DescribeRepositoriesCommand', 'DescribeImagesCommand');
  const tagged = { ...props, RepositoryName: 'web', ImageTag: 'v1' };
  // ecr answers: repo = repository description or an Error; image = an Error or imageDetails
  const mk = ({ repo, image }) => {
    const codebuild = fakeClient(() => ({ build: { id: 'proj:7' } }));
    const ecr = fakeClient((name) => {
      const r = name === 'DescribeRepositoriesCommand' ? repo : image;
      if (r instanceof Error) throw r;
      return name === 'DescribeRepositoriesCommand' ? { repositories: [{ repositoryName: 'web', ...r }] } : r;
    });
    return { codebuild, ecr, h: onEvent.makeHandler({ codebuild, ecr, commands: E }) };
  };
  const present = { imageDetails: [{ imageTags: ['v1'], imageDigest: 'sha256:1' }] };
  const absent = sdkError('ImageNotFoundException', "The image with imageId {imageTag:'v1'} does not exist");
  const IMMUTABLE = /^ECR repository web has immutable tags and already holds v1: every push after the first would fail\. Use a tag that changes with each image, a repository with mutable tags, or ImageSource\.fromEcr\/fromAsset\.$/;

  for (const RequestType of ['Create', 'Update']) {
    test(`${RequestType}: mutable repository -> StartBuild without looking for the tag`, async () => {
      const { codebuild, ecr, h } = mk({ repo: { imageTagMutability: 'MUTABLE' }, image: present });
      assert.deepEqual(await h({ RequestType, ResourceProperties: tagged }), { BuildId: 'proj:7' });
      assert.deepEqual(ecr.calls, [{ name: 'DescribeRepositoriesCommand', input: { repositoryNames: ['web'] } }]);
      assert.deepEqual(codebuild.calls.map((c) => c.name), ['StartBuildCommand']);
    });

    test(`${RequestType}: immutable repository already holding the tag -> clear error, no StartBuild`, async () => {
      const { codebuild, ecr, h } = mk({ repo: { imageTagMutability: 'IMMUTABLE' }, image: present });
      await assert.rejects(h({ RequestType, ResourceProperties: tagged }), { message: IMMUTABLE });
      assert.deepEqual(ecr.calls[1], { name: 'DescribeImagesCommand', input: { repositoryName: 'web', imageIds: [{ imageTag: 'v1' }] } });
      assert.equal(codebuild.calls.length, 0);
    });
  }

  test('immutable repository without the tag -> StartBuild', async () => {
    for (const image of [absent, { imageDetails: [] }]) {
      const { codebuild, ecr, h } = mk({ repo: { imageTagMutability: 'IMMUTABLE' }, image });
      assert.deepEqual(await h({ RequestType: 'Create', ResourceProperties: tagged }), { BuildId: 'proj:7' });
      assert.deepEqual(ecr.calls.map((c) => c.name), ['DescribeRepositoriesCommand', 'DescribeImagesCommand']);
      assert.equal(codebuild.calls.length, 1);
    }
  });

  test('missing repository -> clear error, no StartBuild', async () => {
    const { codebuild, h } = mk({ repo: sdkError('RepositoryNotFoundException', "The repository with name 'web' does not exist") });
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: tagged }), {
      message: 'ECR repository web does not exist in this account and region: create it first (buildAndPush pushes to an existing repository).',
    });
    assert.equal(codebuild.calls.length, 0);
  });

  test('other ECR errors propagate, no StartBuild', async () => {
    for (const [repo, image] of [[sdkError('AccessDeniedException'), present], [{ imageTagMutability: 'IMMUTABLE' }, sdkError('AccessDeniedException')]]) {
      const { codebuild, h } = mk({ repo, image });
      await assert.rejects(h({ RequestType: 'Create', ResourceProperties: tagged }), { name: 'AccessDeniedException' });
      assert.equal(codebuild.calls.length, 0);
    }
  });

  test('without RepositoryName or ImageTag only StartBuild is called (as before)', async () => {
    for (const p of [props, { ...props, RepositoryName: 'web' }, { ...props, ImageTag: 'v1' }, { ...props, RepositoryName: '', ImageTag: 'v1' }]) {
      const { codebuild, ecr, h } = mk({ repo: { imageTagMutability: 'IMMUTABLE' }, image: present });
      assert.deepEqual(await h({ RequestType: 'Update', ResourceProperties: p }), { BuildId: 'proj:7' });
      assert.equal(ecr.calls.length, 0);
      assert.equal(codebuild.calls.length, 1);
    }
  });

  test('Delete calls neither CodeBuild nor ECR', async () => {
    const { codebuild, ecr, h } = mk({ repo: { imageTagMutability: 'IMMUTABLE' }, image: present });
    assert.deepEqual(await h({ RequestType: 'Delete', ResourceProperties: tagged, PhysicalResourceId: 'pid' }), { BuildId: 'onDelete' });
    assert.equal(codebuild.calls.length + ecr.calls.length, 0);
  });

  // IMMUTABLE_WITH_EXCLUSION: tags matching a filter stay mutable; MUTABLE_WITH_EXCLUSION: they are immutable
  for (const [mode, filters, tag, immutable] of [
    ['IMMUTABLE_WITH_EXCLUSION', undefined, 'v1', true],
    ['IMMUTABLE_WITH_EXCLUSION', ['latest', 'dev-*'], 'v1', true],
    ['IMMUTABLE_WITH_EXCLUSION', ['v1.*'], 'v1', true],
    ['IMMUTABLE_WITH_EXCLUSION', ['v*'], 'v1', false],
    ['IMMUTABLE_WITH_EXCLUSION', ['latest'], 'latest', false],
    ['IMMUTABLE_WITH_EXCLUSION', ['dev'], 'dev-1', false], // a prefix match may exclude too: no early failure
    ['IMMUTABLE_WITH_EXCLUSION', ['a.c'], 'abc', true], // '.' is literal
    ['MUTABLE_WITH_EXCLUSION', ['release-*'], 'release-3', true],
    ['MUTABLE_WITH_EXCLUSION', ['release-*'], 'v1', false],
    ['MUTABLE_WITH_EXCLUSION', ['dev'], 'dev-1', false],
    ['MUTABLE', undefined, 'v1', false],
    [undefined, undefined, 'v1', false],
  ]) {
    test(`${mode} ${JSON.stringify(filters)} tag ${tag}: ${immutable ? 'fails early' : 'builds'} when the tag exists`, async () => {
      const repo = { imageTagMutability: mode };
      if (filters) repo.imageTagMutabilityExclusionFilters = filters.map((filter) => ({ filterType: 'WILDCARD', filter }));
      const { codebuild, h } = mk({ repo, image: present });
      const run = h({ RequestType: 'Create', ResourceProperties: { ...tagged, ImageTag: tag } });
      if (immutable) {
        await assert.rejects(run, /has immutable tags and already holds/);
        assert.equal(codebuild.calls.length, 0);
      } else {
        assert.deepEqual(await run, { BuildId: 'proj:7' });
      }
    });
  }

  test('with ImageHash the physical id records the push; an Update to what it records calls nothing', async () => {
    const hashed = { ...tagged, ImageHash: 'abc123' };
    const { codebuild, ecr, h } = mk({ repo: { imageTagMutability: 'IMMUTABLE' }, image: absent });
    assert.deepEqual(await h({ RequestType: 'Create', ResourceProperties: hashed }),
      { PhysicalResourceId: 'push:web:v1:abc123', BuildId: 'proj:7' });
    const calls = codebuild.calls.length + ecr.calls.length;
    assert.deepEqual(await h({ RequestType: 'Update', PhysicalResourceId: 'push:web:v1:abc123', ResourceProperties: hashed }),
      { PhysicalResourceId: 'push:web:v1:abc123', BuildId: 'onDelete' });
    assert.equal(codebuild.calls.length + ecr.calls.length, calls);
    // another hash, tag or repository builds
    for (const PhysicalResourceId of ['push:web:v1:old', 'push:web:v0:abc123', 'push:other:v1:abc123', 'request-id']) {
      const r = await h({ RequestType: 'Update', PhysicalResourceId, ResourceProperties: hashed });
      assert.equal(r.BuildId, 'proj:7', PhysicalResourceId);
    }
  });

  test('the old { client, commands } shape still drives CodeBuild', async () => {
    const client = fakeClient(() => ({ build: { id: 'b' } }));
    const ecr = fakeClient(() => ({ repositories: [{ imageTagMutability: 'MUTABLE' }] }));
    assert.deepEqual(await onEvent.makeHandler({ client, ecr, commands: E })({ RequestType: 'Create', ResourceProperties: tagged }), { BuildId: 'b' });
    assert.equal(client.calls.length, 1);
  });
});

// StartBuild's buildspecOverride runs instead of the project's buildspec for that build
// (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html); the login is
// `aws ecr get-login-password | docker login` per registry
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html)
test.describe('image-deploy-on-event: the images the properties name', () => {
  const SRC = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111122223333-eu-west-1:abc123';
  const DST = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:v1';
  const p = (o = {}) => ({ projectName: 'Proj', SourceImageUri: SRC, DestinationImageUri: DST, ...o });
  const start = async (props) => {
    const codebuild = fakeClient(() => ({ build: { id: 'proj:1' } }));
    await onEvent.makeHandler({ codebuild, commands: C })({ RequestType: 'Update', PhysicalResourceId: 'x', ResourceProperties: props });
    return codebuild.calls[0].input;
  };

  test('the build pulls the source, tags and pushes the destination, logged in to the registry once', async () => {
    const input = await start(p());
    assert.equal(input.projectName, 'Proj');
    assert.deepEqual(JSON.parse(input.buildspecOverride), { version: '0.2', phases: { build: { commands: [
      'aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 111122223333.dkr.ecr.eu-west-1.amazonaws.com',
      `docker pull ${SRC}`, `docker tag ${SRC} ${DST}`, `docker push ${DST}`,
      'docker logout 111122223333.dkr.ecr.eu-west-1.amazonaws.com',
    ] } } });
  });

  test('two registries (another region, China, FIPS): a login to each', async () => {
    const dst = '444455556666.dkr.ecr-fips.us-gov-west-1.amazonaws.com/team/web@sha256:' + 'a'.repeat(64);
    const src = '111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/assets:abc';
    const commands = JSON.parse((await start(p({ SourceImageUri: src, DestinationImageUri: dst }))).buildspecOverride).phases.build.commands;
    assert.deepEqual(commands.filter((c) => c.includes('docker login')).map((c) => c.split(' ').slice(3, 5).concat(c.split(' ').at(-1))), [
      ['--region', 'cn-north-1', '111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn'],
      ['--region', 'us-gov-west-1', '444455556666.dkr.ecr-fips.us-gov-west-1.amazonaws.com'],
    ]);
  });

  test('anything but an ECR image URI fails before StartBuild (nothing else reaches the shell)', async () => {
    for (const o of [
      { SourceImageUri: `${SRC}; curl evil` }, { DestinationImageUri: 'docker.io/library/web:v1' },
      { DestinationImageUri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/web' }, { SourceImageUri: undefined },
      { DestinationImageUri: '$(id)' },
    ]) {
      const codebuild = fakeClient(() => ({ build: { id: 'proj:1' } }));
      await assert.rejects(onEvent.makeHandler({ codebuild, commands: C })({ RequestType: 'Create', ResourceProperties: p(o) }),
        /is not an ECR image URI/, JSON.stringify(o));
      assert.equal(codebuild.calls.length, 0);
    }
  });

  test('without the URIs the project\'s own buildspec runs (no override)', async () => {
    assert.deepEqual(await start({ projectName: 'Proj' }), { projectName: 'Proj' });
  });
});

test.describe('image-deploy-is-complete', () => {
  const run = async (builds, BuildId = 'proj:1') => {
    const client = fakeClient(() => builds);
    const h = isComplete.makeHandler({ client, commands: C });
    return { client, res: await h({ RequestType: 'Create', ResourceProperties: props, BuildId }) };
  };

  test('throws without BuildId', async () => {
    const h = isComplete.makeHandler({ client: fakeClient(), commands: C });
    await assert.rejects(h({ RequestType: 'Create', ResourceProperties: props }),
      { message: 'BuildId was not found or undefined' });
  });

  test('onDelete marker completes immediately without calling CodeBuild', async () => {
    const client = fakeClient();
    const h = isComplete.makeHandler({ client, commands: C });
    assert.deepEqual(await h({ RequestType: 'Delete', BuildId: 'onDelete' }), { IsComplete: true });
    assert.equal(client.calls.length, 0);
    assert.deepEqual(await isComplete.handler({ RequestType: 'Delete', BuildId: 'onDelete' }), { IsComplete: true });
  });

  test('succeeded build completes with Status and JSON-quoted LogsUrl', async () => {
    const { client, res } = await run({
      builds: [{ currentPhase: 'COMPLETED', buildStatus: 'SUCCEEDED', logs: { deepLink: 'https://logs/x' } }],
    });
    assert.deepEqual(client.calls, [{ name: 'BatchGetBuildsCommand', input: { ids: ['proj:1'] } }]);
    assert.deepEqual(res, {
      IsComplete: true,
      Data: { Status: 'CodeBuild completed successfully', LogsUrl: '"https://logs/x"' },
    });
  });

  test('succeeded build without logs reports LogsUrl "undefined" (as upstream)', async () => {
    const { res } = await run({ builds: [{ currentPhase: 'COMPLETED', buildStatus: 'SUCCEEDED' }] });
    assert.equal(res.Data.LogsUrl, 'undefined');
  });

  // every terminal status but SUCCEEDED fails at once, whatever the phase (upstream waited 30 minutes)
  for (const buildStatus of ['FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT']) {
    for (const currentPhase of ['COMPLETED', 'FINALIZING', 'BUILD']) {
      test(`${buildStatus} build in phase ${currentPhase} throws naming the status and the logs link`, async () => {
        await assert.rejects(run({ builds: [{ currentPhase, buildStatus, logs: { deepLink: 'https://logs/y' } }] }),
          { message: `CodeBuild failed (status ${buildStatus}), check the logs here: https://logs/y` });
      });
    }
    test(`${buildStatus} build without logs throws naming the status`, async () => {
      for (const logs of [undefined, {}]) {
        await assert.rejects(run({ builds: [{ currentPhase: 'COMPLETED', buildStatus, logs }] }),
          { message: `CodeBuild failed (status ${buildStatus})` });
      }
    });
  }

  test('SUCCEEDED completes whatever the phase', async () => {
    const { res } = await run({ builds: [{ currentPhase: 'FINALIZING', buildStatus: 'SUCCEEDED' }] });
    assert.equal(res.IsComplete, true);
  });

  test('IN_PROGRESS is not complete, in any phase', async () => {
    for (const currentPhase of ['SUBMITTED', 'QUEUED', 'PROVISIONING', 'BUILD', 'POST_BUILD', 'FINALIZING', 'COMPLETED', undefined]) {
      const { res } = await run({ builds: [{ currentPhase, buildStatus: 'IN_PROGRESS' }] });
      assert.deepEqual(res, { IsComplete: false }, String(currentPhase));
    }
  });

  test('throws when the build does not exist', async () => {
    for (const out of [{}, { builds: [] }]) {
      await assert.rejects(run(out, 'proj:9'), { message: 'Build does not exist for BuildId: proj:9' });
    }
  });

  test('propagates BatchGetBuilds errors', async () => {
    const h = isComplete.makeHandler({
      client: fakeClient(() => { throw sdkError('ThrottlingException'); }), commands: C,
    });
    await assert.rejects(h({ BuildId: 'b' }), { name: 'ThrottlingException' });
  });
});
