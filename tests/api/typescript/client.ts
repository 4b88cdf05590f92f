// A consuming site's client, typed by openapi-typescript from the served
// openapi.json (api.d.ts, generated next to a copy of this file by
// tests/api/test_generated_client.py), type-checked with `tsc --strict` and
// run against the test's live server: list -> follow api_url -> detail ->
// revalidate with If-None-Match -> an editor's draft through the preview
// endpoint (the token is the third argument). Prints what it saw as JSON.
import type { components, operations } from "./api";

type Schemas = components["schemas"];
type ResourceDetail = Schemas["ResourceDetail"];
type BodyBlock = ResourceDetail["body"][number];

declare const process: { argv: string[]; exitCode?: number };

// The vocabularies are enums: a value outside them does not type-check.
export const aKind: Schemas["Kind"] = "video";
// @ts-expect-error "roman" is not a kind
export const notAKind: Schemas["Kind"] = "roman";
export const anOrder: Schemas["Order"] = "-published";
// @ts-expect-error "newest" is not an order
export const notAnOrder: Schemas["Order"] = "newest";
export const aRole: Schemas["RoleSlug"] = "socialtjanst";

// The kind's own object exists only once `kind` says which it is.
// @ts-expect-error a detail is not known to be a video before narrowing
export const unsafe = (detail: ResourceDetail) => detail.video;

export function ownObject(detail: ResourceDetail): string {
  switch (detail.kind) {
    case "article":
      return "article";
    case "video":
      return `video:${detail.video.captions.length}`;
    case "webinar":
      return `webinar:${detail.webinar.speakers.length}`;
    case "podcast":
      return `podcast:${detail.podcast.transcript}`;
    case "link":
      return `link:${detail.link.external_url}`;
  }
}

// A body block's value is typed by its `type`.
export function blockText(block: BodyBlock): string {
  switch (block.type) {
    case "paragraph":
      return block.value;
    case "heading":
      return `${block.value.level}:${block.value.text}`;
    case "callout":
      return block.value.title;
    case "quote":
      return block.value.quote;
    case "figure":
      return block.value.caption;
    case "document":
      return block.value.url;
  }
}

// 304 is a documented answer of the detail, not an unexpected status.
type DetailStatus = keyof operations["pages_api_views_resource"]["responses"];
const NOT_MODIFIED: DetailStatus = 304;

// The preview answers in the detail's shape, or refuses with a detail.
type PreviewAnswer =
  operations["pages_api_preview_preview"]["responses"][200]["content"]["application/json"];
export const previewIsADetail = (answer: PreviewAnswer): ResourceDetail => answer;

async function preview(base: string, site: string, token: string) {
  const query = new URLSearchParams({ token, site });
  const response = await fetch(`${base}/api/v1/preview/?${query}`);
  const draft: PreviewAnswer = await response.json();
  return { status: response.status, id: draft.id, title: draft.title, own: ownObject(draft) };
}

async function roundTrip(base: string, site: string, token: string) {
  const listed = await fetch(`${base}/api/v1/resources/?site=${site}`);
  const list: Schemas["ResourceList"] = await listed.json();
  const seen = [];
  for (const item of list.items) {
    const response = await fetch(item.api_url);
    const detail: ResourceDetail = await response.json();
    const etag = response.headers.get("ETag") ?? "";
    const again = await fetch(item.api_url, { headers: { "If-None-Match": etag } });
    seen.push({
      id: item.id,
      kind: item.kind,
      status: response.status,
      detail_id: detail.id,
      detail_site: detail.site,
      own: ownObject(detail),
      blocks: detail.body.map(blockText),
      revalidated: again.status === NOT_MODIFIED ? 304 : again.status,
    });
  }
  return { count: list.count, seen, preview: await preview(base, site, token) };
}

roundTrip(process.argv[2], process.argv[3], process.argv[4]).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
