'use strict';
// The request sequences CloudFormation runs on the image push, through CDK's Provider framework,
// against fakes of CodeBuild and ECR: a create rolled back because a later resource failed; an update
// rolled back to the old properties (after its own build failed, or after a later resource failed); a
// delete after a failed create; a delete whose project is gone
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes.html).
const test = require('node:test');
const assert = require('node:assert/strict');
const { handlerPath, commands, sdkError, providerFramework, cfnRequests, CREATE_FAILED_MARKER } = require('./fakes');

const onEvent = require(handlerPath('image-deploy-on-event.js'));
const isComplete = require(handlerPath('image-deploy-is-complete.js'));
test.beforeEach((t) => t.mock.method(console, 'log', () => {}));

const C = commands('StartBuildCommand', 'BatchGetBuildsCommand', 'DescribeRepositoriesCommand', 'DescribeImagesCommand');

// The project pushes the image its buildspec names (`project.image`, set by CloudFormation's update of
// the project, before the push forward and after it in a rollback); a build in `failing` fails.
function world({ mutability = 'MUTABLE' } = {}) {
  const project = { image: 'h1', failing: new Set() };
  const tags = new Map(); // tag -> image hash
  const builds = new Map();
  let n = 0;
  const codebuild = {
    starts: 0,
    async send(cmd) {
      const name = cmd.constructor.name;
      if (name === 'StartBuildCommand') {
        if (cmd.input.projectName !== 'Project') throw sdkError('ResourceNotFoundException', 'project not found');
        codebuild.starts++;
        const id = `Project:${++n}`;
        // a buildspec override runs instead of the project's: the images its commands name
        const spec = cmd.input.buildspecOverride && JSON.parse(cmd.input.buildspecOverride).phases.build.commands;
        const arg = (verb) => spec.find((c) => c.startsWith(`docker ${verb} `)).split(' ').at(-1).split(':').at(-1);
        builds.set(id, spec ? { image: arg('pull'), tag: arg('push'), polls: 0 } : { image: project.image, tag: project.tag, polls: 0 });
        return { build: { id } };
      }
      const id = cmd.input.ids[0];
      const b = builds.get(id);
      if (b.polls++ < 1) return { builds: [{ id, buildStatus: 'IN_PROGRESS' }] };
      if (project.failing.has(b.image)) return { builds: [{ id, buildStatus: 'FAILED', logs: { deepLink: 'https://logs' } }] };
      tags.set(b.tag, b.image);
      return { builds: [{ id, buildStatus: 'SUCCEEDED', logs: { deepLink: 'https://logs' } }] };
    },
  };
  const ecr = {
    async send(cmd) {
      if (cmd.constructor.name === 'DescribeRepositoriesCommand') {
        return { repositories: [{ repositoryName: 'web', imageTagMutability: mutability }] };
      }
      const tag = cmd.input.imageIds[0].imageTag;
      if (!tags.has(tag)) throw sdkError('ImageNotFoundException', `The image with imageId {imageTag:'${tag}'} does not exist`);
      return { imageDetails: [{ imageTags: [tag], imageDigest: `sha256:${tags.get(tag)}` }] };
    },
  };
  const deps = { codebuild, client: codebuild, ecr, commands: C };
  const cfn = cfnRequests(providerFramework({ onEvent: onEvent.makeHandler(deps), isComplete: isComplete.makeHandler(deps) }),
    { ResourceType: 'Custom::DockerImagePush' });
  // CloudFormation updates the project (its buildspec names the new image) before the push
  const deploy = (image, tag) => Object.assign(project, { image, tag });
  return { project, tags, codebuild, cfn, deploy };
}
// as ImagePush writes them: the asset's image URI (tagged with its hash) and the destination's
const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const props = (ImageHash, ImageTag = 'v1') => ({ projectName: 'Project', ImageHash, RepositoryName: 'web', ImageTag,
  SourceImageUri: `${REGISTRY}/cdk-hnb659fds-container-assets-111122223333-eu-west-1:${ImageHash}`,
  DestinationImageUri: `${REGISTRY}/web:${ImageTag}` });
// a stack deployed before the properties named the images
const propsWithoutUris = (ImageHash, ImageTag = 'v1') => ({ projectName: 'Project', ImageHash, RepositoryName: 'web', ImageTag });

test('create, then a later resource fails: the delete starts no build, the pushed image stays', async () => {
  const { tags, codebuild, cfn, deploy } = world();
  deploy('h1', 'v1');
  const created = await cfn.create(props('h1'));
  assert.equal(created.Status, 'SUCCESS', created.Reason);
  assert.equal(created.PhysicalResourceId, 'push:web:v1:h1');
  assert.equal(tags.get('v1'), 'h1');
  assert.equal((await cfn.delete(created.PhysicalResourceId, props('h1'))).Status, 'SUCCESS');
  assert.equal(codebuild.starts, 1);
});

for (const mutability of ['MUTABLE', 'IMMUTABLE']) {
  // the rollback after the resource's own failure: the old image is where it was; a build now would run
  // the new buildspec again (and fail), or meet the immutable tag: UPDATE_ROLLBACK_FAILED either way
  test(`${mutability}: an update whose build fails, then its rollback: no build, the old image stays`, async () => {
    const { project, tags, codebuild, cfn, deploy } = world({ mutability });
    deploy('h1', 'v1');
    const created = await cfn.create(props('h1'));
    const tag = mutability === 'MUTABLE' ? 'v1' : 'v2';
    deploy('h2', tag);
    project.failing.add('h2');
    const updated = await cfn.update(created.PhysicalResourceId, props('h2', tag), props('h1'));
    assert.equal(updated.Status, 'FAILED');
    assert.match(updated.Reason, /CodeBuild failed \(status FAILED\)/);
    // CloudFormation keeps the old physical id, rolls this resource back first, the project after
    const rollback = await cfn.update(created.PhysicalResourceId, props('h1'), props('h2', tag));
    assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
    assert.equal(rollback.PhysicalResourceId, created.PhysicalResourceId);
    assert.equal(codebuild.starts, 2);
    assert.equal(tags.get('v1'), 'h1');
  });
}

test('an update that pushed, then a later resource fails: the rollback update pushes the old image again (mutable tag)', async () => {
  const { tags, codebuild, cfn, deploy } = world();
  deploy('h1', 'v1');
  const created = await cfn.create(props('h1'));
  deploy('h2', 'v1');
  const updated = await cfn.update(created.PhysicalResourceId, props('h2'), props('h1'));
  assert.equal(updated.Status, 'SUCCESS', updated.Reason);
  assert.equal(updated.PhysicalResourceId, 'push:web:v1:h2');
  // CloudFormation rolls this resource back first: the project still names h2
  const rollback = await cfn.update(updated.PhysicalResourceId, props('h1'), props('h2'));
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
  assert.equal(rollback.PhysicalResourceId, 'push:web:v1:h1');
  assert.equal(codebuild.starts, 3);
  assert.equal(tags.get('v1'), 'h1', 'the rollback restores the old image'); // was h2: the project's image again
  // the cleanup deletes the physical id the rollback left: no build
  assert.equal((await cfn.delete(updated.PhysicalResourceId, props('h2'))).Status, 'SUCCESS');
  assert.equal(codebuild.starts, 3);
});

test('an update to a new tag, then a later failure: the rollback copies the old source to the old tag', async () => {
  const { tags, cfn, deploy } = world();
  deploy('h1', 'v1');
  const created = await cfn.create(props('h1', 'v1'));
  deploy('h2', 'v2');
  const updated = await cfn.update(created.PhysicalResourceId, props('h2', 'v2'), props('h1', 'v1'));
  assert.equal(updated.Status, 'SUCCESS', updated.Reason);
  tags.set('v1', 'hX'); // the old tag moved meanwhile (a push outside the stack)
  const rollback = await cfn.update(updated.PhysicalResourceId, props('h1', 'v1'), props('h2', 'v2'));
  assert.equal(rollback.Status, 'SUCCESS', rollback.Reason);
  assert.deepEqual([tags.get('v1'), tags.get('v2')], ['h1', 'h2']);
});

// a stack whose properties do not name the images yet (deployed by an earlier version): the project's
// buildspec, as before
test('properties without the image URIs: the build runs the project\'s buildspec', async () => {
  const { tags, cfn, deploy } = world();
  deploy('h1', 'v1');
  const created = await cfn.create(propsWithoutUris('h1'));
  assert.equal(created.Status, 'SUCCESS', created.Reason);
  assert.equal(tags.get('v1'), 'h1');
});

test('an update of the project alone (same image, same tag) starts no build', async () => {
  const { codebuild, cfn, deploy } = world();
  deploy('h1', 'v1');
  const created = await cfn.create(props('h1'));
  const updated = await cfn.update(created.PhysicalResourceId, props('h1'), { ...props('h1'), projectName: 'OldProject' });
  assert.equal(updated.Status, 'SUCCESS', updated.Reason);
  assert.equal(codebuild.starts, 1);
});

test('a create whose build failed: the delete that follows starts no build', async () => {
  const { project, codebuild, cfn, deploy } = world();
  deploy('h1', 'v1');
  project.failing.add('h1');
  const created = await cfn.create(props('h1'));
  assert.equal(created.Status, 'FAILED');
  assert.equal(created.PhysicalResourceId, 'push:web:v1:h1');
  assert.equal((await cfn.delete(created.PhysicalResourceId, props('h1'))).Status, 'SUCCESS');
  assert.equal(codebuild.starts, 1);
});

test('a create that failed before its build: the framework answers the delete', async () => {
  const { tags, codebuild, cfn, deploy } = world({ mutability: 'IMMUTABLE' });
  tags.set('v1', 'h0');
  deploy('h1', 'v1');
  const created = await cfn.create(props('h1'));
  assert.equal(created.Status, 'FAILED');
  assert.match(created.Reason, /immutable tags and already holds v1/);
  assert.equal(created.PhysicalResourceId, CREATE_FAILED_MARKER);
  assert.equal((await cfn.delete(created.PhysicalResourceId, props('h1'))).Status, 'SUCCESS');
  assert.equal(codebuild.starts, 0);
});

test('delete whose project is already gone succeeds', async () => {
  const { cfn, deploy } = world();
  deploy('h1', 'v1');
  const created = await cfn.create(props('h1'));
  const deleted = await cfn.delete(created.PhysicalResourceId, { ...props('h1'), projectName: 'Gone' });
  assert.equal(deleted.Status, 'SUCCESS', deleted.Reason);
});
