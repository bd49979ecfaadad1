import { describe, expect, it } from 'vitest';
import { classifyUserAgent } from '../src/index.js';
import { parsed } from './helpers.js';

describe('Function: classifyUserAgent', () => {
  it.each([
    ['console', 'console.amazonaws.com'],
    ['console', 'signin.amazonaws.com'],
    ['console', 'AWS Internal'],
    ['console', 'console.ec2.amazonaws.com'],
    ['console', 's3.console.amazonaws.com'],
    [
      'console',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    ],
    [
      'cli',
      'aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#iam.create-user',
    ],
    ['cli', 'aws-cli/1.29.62 Python/3.11.6 Linux/6.1.0 botocore/1.31.62'],
    [
      'cli',
      '[aws-cli/2.2.5 Python/3.8.8 Darwin/20.4.0 exe/x86_64 prompt/off command/iam.create-user]',
    ],
    [
      'sdk',
      'Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 Botocore/1.35.54',
    ],
    ['sdk', 'Botocore/1.31.62 ua/2.0 os/linux#6.1.0 lang/python#3.11.6'],
    [
      'sdk',
      'aws-sdk-js/3.687.0 ua/2.1 os/darwin#24.1.0 lang/js md/nodejs#22.11.0 api/iam#3.687.0 m/E',
    ],
    ['sdk', 'aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux api/iam#1.37.3'],
    ['sdk', 'aws-sdk-java/2.29.6 Linux/6.1.112 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5'],
    [
      'sdk',
      'aws-sdk-java/1.12.778 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS java/17.0.13',
    ],
    ['sdk', 'AWSPowerShell.Common/4.1.700.0 .NET_Core/8.0.10 OS/Microsoft_Windows_10.0.22631'],
    [
      'terraform',
      'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2',
    ],
    [
      'terraform',
      'aws-sdk-go/1.12.8 (go1.9; darwin; amd64) APN/1.0 HashiCorp/1.0 Terraform/0.10.0-dev',
    ],
    ['cloudformation', 'cloudformation.amazonaws.com'],
    ['cloudformation', 'AWS CloudFormation'],
    ['aws-service', 'config.amazonaws.com'],
    ['aws-service', 'lambda.amazonaws.com'],
    ['aws-service', 'aws-internal/3 aws-sdk-java/1.12.770 Linux/5.10.227 OpenJDK_64-Bit_Server_VM'],
    ['other', 'S3 Browser/11.5.7 https://s3browser.com'],
    ['other', 'curl/8.5.0'],
    ['unknown', ''],
    ['unknown', undefined],
  ])('classifies as %s: %s', (expected, userAgent) => {
    expect(classifyUserAgent(userAgent)).toBe(expected);
  });

  it('classifies the user agent of a parsed event', () => {
    expect(parsed('create-access-key-other-user').userAgentClass).toBe('terraform');
    expect(parsed('create-user-cloudformation').userAgentClass).toBe('cloudformation');
    expect(parsed('aws-service-actor').userAgentClass).toBe('aws-service');
  });
});
