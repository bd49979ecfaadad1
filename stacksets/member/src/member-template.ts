import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { MemberStack } from './member-stack.js';

/** The committed, synthesized member template. */
export const MEMBER_TEMPLATE_FILE = fileURLToPath(
  new URL('../member.template.json', import.meta.url),
);

/** CloudFormation's limit for a template passed inline (TemplateBody). */
export const INLINE_TEMPLATE_LIMIT_BYTES = 51_200;

/** A CloudFormation template as parsed JSON. */
export type CfnTemplate = { readonly [key: string]: unknown };

/** Synthesizes the member template in memory; needs no AWS credentials. */
export function synthesizeMemberTemplate(): CfnTemplate {
  const app = new App({ outdir: undefined });
  const stack = new MemberStack(app, 'TrailwatchMember');
  return app.synth().getStackByName(stack.stackName).template as CfnTemplate;
}

/** The file format of the committed template: 1-space indented JSON and a final newline. */
export function renderMemberTemplate(template: CfnTemplate): string {
  return `${JSON.stringify(template, null, 1)}\n`;
}

/** Writes the freshly synthesized template over the committed one; returns the text written. */
export function writeMemberTemplate(file = MEMBER_TEMPLATE_FILE): string {
  const text = renderMemberTemplate(synthesizeMemberTemplate());
  writeFileSync(file, text);
  return text;
}

/** Reads the committed template. */
export function readMemberTemplate(file = MEMBER_TEMPLATE_FILE): CfnTemplate {
  return JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
}
