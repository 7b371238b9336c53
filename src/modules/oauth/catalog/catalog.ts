import { AIRTABLE } from './airtable.template';
import { ASANA } from './asana.template';
import { ATLASSIAN } from './atlassian.template';
import { BOX } from './box.template';
import { DISCORD } from './discord.template';
import { DROPBOX } from './dropbox.template';
import { FIGMA } from './figma.template';
import { GITHUB } from './github.template';
import { GITLAB } from './gitlab.template';
import { GOOGLE } from './google.template';
import { HUBSPOT } from './hubspot.template';
import { INTERCOM } from './intercom.template';
import { LINEAR } from './linear.template';
import { MICROSOFT } from './microsoft.template';
import { NOTION } from './notion.template';
import { ProviderTemplate, TemplateQuirks } from './provider-template';
import { SALESFORCE } from './salesforce.template';
import { SHOPIFY } from './shopify.template';
import { SLACK } from './slack.template';
import { ZENDESK } from './zendesk.template';
import { ZOOM } from './zoom.template';

/** Every template, in the order the catalog lists them. Adding a provider: docs/contributing.md. */
export const PROVIDER_TEMPLATES: readonly ProviderTemplate[] = [
  SLACK,
  GITHUB,
  GOOGLE,
  MICROSOFT,
  NOTION,
  LINEAR,
  ATLASSIAN,
  HUBSPOT,
  SALESFORCE,
  ZOOM,
  DROPBOX,
  ASANA,
  DISCORD,
  FIGMA,
  INTERCOM,
  SHOPIFY,
  ZENDESK,
  AIRTABLE,
  GITLAB,
  BOX,
];

/** `template: "mcp"` is not a catalog entry: its URLs are discovered from the MCP server itself. */
export const MCP_TEMPLATE = 'mcp';

const BY_NAME = new Map(PROVIDER_TEMPLATES.map((template) => [template.template, template]));

export function findTemplate(name: string | null | undefined): ProviderTemplate | undefined {
  return name ? BY_NAME.get(name) : undefined;
}

const NO_QUIRKS: TemplateQuirks = {};

/** The quirks a provider row gets from its template (none for a hand-configured or MCP provider). */
export function quirksOf(provider: { template: string | null }): TemplateQuirks {
  return findTemplate(provider.template)?.quirks ?? NO_QUIRKS;
}

/** The registrable domains of a provider's template, or none. */
export function domainsOf(provider: { template: string | null }): readonly string[] {
  return findTemplate(provider.template)?.domains ?? [];
}
