"""The e2e test's view of the S3 stand-in (moto's server), through boto3 as the app sees S3.

  s3_bucket.py create BUCKET REGION  a bucket like the AWS side's: BucketOwnerEnforced, SSE-S3
  s3_bucket.py list BUCKET           JSON: every object's key, size, encryption and ACL grants

Runs in the test root; AWS_ENDPOINT_URL_S3 points boto3 at the stand-in.
"""
import json
import sys

import boto3


def main(command, bucket, region=None):
    s3 = boto3.client("s3", region_name=region or "us-east-1")
    if command == "create":
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region},
                         ObjectOwnership="BucketOwnerEnforced")
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
        return
    objects = []
    for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        head = s3.head_object(Bucket=bucket, Key=item["Key"])
        grants = s3.get_object_acl(Bucket=bucket, Key=item["Key"])["Grants"]
        objects.append({
            "key": item["Key"], "size": item["Size"],
            "sse": head.get("ServerSideEncryption"),
            "grants": sorted(g["Grantee"].get("Type", "?") + ":" + g["Permission"] for g in grants),
        })
    print(json.dumps(objects))


if __name__ == "__main__":
    main(*sys.argv[1:])
