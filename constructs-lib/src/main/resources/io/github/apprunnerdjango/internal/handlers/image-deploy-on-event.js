'use strict';
// onEvent handler of DockerImageDeployment's Provider: SDK v3 port of
// cdk-docker-image-deployment@0.0.1034 codebuild-handler onEventhandler.
// Optional props RepositoryName + ImageTag: fail before building when the push is bound to fail
// (immutable tag already present, repository missing) instead of after a whole CodeBuild run.
// With ImageHash too, the physical id records what was pushed (`push:<repository>:<tag>:<hash>`): an
// Update to what the physical id already records starts no build. That is CloudFormation's rollback
// of an update whose build failed: the old image is where it was, and building again (with the
// project not yet rolled back) would fail the rollback too
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-update.html).
// With SourceImageUri + DestinationImageUri, the build copies exactly those (a buildspec override of
// StartBuild: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html), not what
// the project's buildspec names: the rollback of an update that pushed is an Update with the OLD
// properties, and CloudFormation rolls the project back only after this resource, so the project
// would push the new image again.
const resolve = (deps) => {
  if (typeof deps !== 'function') return () => deps;
  let v;
  return () => v || (v = deps());
};

// Does an ECR WILDCARD exclusion filter match the tag? '*' matches any run of characters. The
// docs leave whole-tag vs prefix matching open: `loose` accepts a prefix match too, so that
// we only fail early when the push is certain to fail.
const matches = (filters, tag, loose) => (filters || []).some((f) => {
  const pattern = String(f.filter).replace(/\./g, '\\.').replace(/\*/g, '.*');
  return new RegExp('^' + pattern + (loose ? '' : '$')).test(tag);
});

// IMMUTABLE_WITH_EXCLUSION: immutable unless a filter matches;
// MUTABLE_WITH_EXCLUSION: mutable unless a filter matches
const immutable = (repo, tag) => {
  const m = repo.imageTagMutability;
  const f = repo.imageTagMutabilityExclusionFilters;
  switch (m) {
    case 'IMMUTABLE':
      return true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !matches(f, tag, true);
    case 'MUTABLE_WITH_EXCLUSION':
      return matches(f, tag, false);
    default:
      return false;
  }
};

// an ECR image URI: <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>(:<tag>|@sha256:<digest>)
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html); nothing else
// reaches the build's shell
const ECR_URI = /^(\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?)\/[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

const parseUri = (name, uri) => {
  const m = ECR_URI.exec(String(uri));
  if (!m) {
    throw new Error(`${name} ${JSON.stringify(uri)} is not an ECR image URI`);
  }
  return { uri, registry: m[1], region: m[2] };
};

// upstream's commands (log in, pull, tag, push), for the images the properties name
const buildspecFor = (p) => {
  const src = parseUri('SourceImageUri', p.SourceImageUri);
  const dst = parseUri('DestinationImageUri', p.DestinationImageUri);
  const registries = new Map([[src.registry, src.region], [dst.registry, dst.region]]);
  const commands = [
    ...[...registries].map(([registry, region]) =>
      `aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${registry}`),
    `docker pull ${src.uri}`,
    `docker tag ${src.uri} ${dst.uri}`,
    `docker push ${dst.uri}`,
    ...[...registries.keys()].map((registry) => `docker logout ${registry}`),
  ];
  return JSON.stringify({ version: '0.2', phases: { build: { commands } } });
};

// tells isComplete there is nothing to wait for (upstream's marker)
const NOTHING_TO_BUILD = 'onDelete';

exports.makeHandler = (deps) => {
  const get = resolve(deps);

  const checkTag = async (ecr, commands, repositoryName, imageTag) => {
    let repo;
    try {
      const r = await ecr.send(new commands.DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }));
      repo = (r.repositories || [])[0] || {};
    } catch (e) {
      if (e && e.name === 'RepositoryNotFoundException') {
        throw new Error(`ECR repository ${repositoryName} does not exist in this account and region: ` +
          'create it first (buildAndPush pushes to an existing repository).');
      }
      throw e;
    }
    if (!immutable(repo, imageTag)) {
      return;
    }
    try {
      const r = await ecr.send(new commands.DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag }] }));
      if (!(r.imageDetails || []).length) {
        return;
      }
    } catch (e) {
      if (e && e.name === 'ImageNotFoundException') {
        return;
      }
      throw e;
    }
    throw new Error(`ECR repository ${repositoryName} has immutable tags and already holds ${imageTag}: ` +
      'every push after the first would fail. Use a tag that changes with each image, ' +
      'a repository with mutable tags, or ImageSource.fromEcr/fromAsset.');
  };

  return async (event) => {
    switch (event.RequestType) {
      case 'Create':
      case 'Update': {
        const d = get();
        const codebuild = d.codebuild || d.client; // `client`: the original single-client shape
        const { commands } = d;
        const p = event.ResourceProperties;
        const pushed = p.RepositoryName && p.ImageTag && p.ImageHash
          ? `push:${p.RepositoryName}:${p.ImageTag}:${p.ImageHash}` : undefined;
        if (event.RequestType === 'Update' && pushed && event.PhysicalResourceId === pushed) {
          console.log(`${p.RepositoryName}:${p.ImageTag} already holds image ${p.ImageHash}: nothing to push`);
          return { PhysicalResourceId: pushed, BuildId: NOTHING_TO_BUILD };
        }
        if (p.RepositoryName && p.ImageTag) {
          await checkTag(d.ecr, commands, p.RepositoryName, p.ImageTag);
        }
        const input = { projectName: p.projectName };
        if (p.SourceImageUri || p.DestinationImageUri) {
          input.buildspecOverride = buildspecFor(p);
        }
        const out = await codebuild.send(new commands.StartBuildCommand(input));
        const buildId = out.build?.id;
        if (buildId) {
          return pushed ? { PhysicalResourceId: pushed, BuildId: buildId } : { BuildId: buildId }; // to isComplete
        }
        throw new Error('BuildId does not exist after CodeBuild:StartBuild call');
      }
      case 'Delete':
        return { BuildId: NOTHING_TO_BUILD };
    }
  };
};

exports.handler = exports.makeHandler(() => {
  const cb = require('@aws-sdk/client-codebuild');
  const ecr = require('@aws-sdk/client-ecr');
  return {
    codebuild: new cb.CodeBuildClient({}),
    ecr: new ecr.ECRClient({}),
    commands: {
      StartBuildCommand: cb.StartBuildCommand,
      DescribeRepositoriesCommand: ecr.DescribeRepositoriesCommand,
      DescribeImagesCommand: ecr.DescribeImagesCommand,
    },
  };
});
