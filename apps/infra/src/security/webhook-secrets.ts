import { CfnDeletionPolicy, Validations } from 'aws-cdk-lib';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Properties of {@link WebhookSecrets}. */
export interface WebhookSecretsProps {
  /** Every distinct secret name, the default webhook's first. */
  readonly names: readonly string[];
}

/**
 * One value-less secret per Slack webhook. `CfnSecret`, not the `Secret` construct: that one adds
 * `GenerateSecretString` when no value is given. Without either property CloudFormation creates
 * the secret empty; the operator sets the URL with `trailwatch set-webhook` (or
 * `put-secret-value`), so it never enters a template. Retained on update and delete (the URL is
 * not in the template and could not be recreated), but not when the first create rolls back:
 * a deleted secret's name stays reserved for days, and the retry would fail.
 *
 * @example
 * new WebhookSecrets(this, 'WebhookSecrets', { names: ['trailwatch/slack/security-alerts'] });
 */
export class WebhookSecrets extends Construct {
  readonly secrets: readonly CfnSecret[];

  constructor(scope: Construct, id: string, props: WebhookSecretsProps) {
    super(scope, id);
    this.secrets = props.names.map((name) =>
      webhookSecret(
        this,
        `WebhookSecret${name.replace(/[^A-Za-z0-9]/g, '')}`,
        name,
        'trailwatch: Slack incoming webhook URL. Set it with trailwatch set-webhook (see docs/deploy.md).',
      ),
    );
  }

  /** The secret named `name`. */
  secretNamed(name: string): CfnSecret {
    const found = this.secrets.find((secret) => secret.name === name);
    if (found === undefined) throw new Error(`no webhook secret named ${name}`);
    return found;
  }
}

/**
 * One value-less webhook secret, retained as {@link WebhookSecrets} explains; the watchdog's own
 * secret is made the same way.
 */
export function webhookSecret(
  scope: Construct,
  id: string,
  name: string,
  description: string,
): CfnSecret {
  const secret = new CfnSecret(scope, id, { name, description });
  secret.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
  secret.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'A Slack webhook URL cannot be rotated by a Lambda; it is replaced by hand when Slack reissues it.',
  });
  return secret;
}
