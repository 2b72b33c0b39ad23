import { withErrors } from "@/lib/api/errors";
import { searchParamsObject } from "@/lib/api/schemas";
import { jsonBody } from "@/lib/api/sessionRoute";
import { detectorSettingsFor, settingsBodySchema, settingsQuerySchema, thresholdHistory, updateDetectorSettings } from "@/lib/alerts/thresholds";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/detectors/settings?tag=: the settings in force (the tag's over the project's over the defaults) and the change history. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  const { tag } = settingsQuerySchema.parse(searchParamsObject(request.url));
  const dataLayer = db();
  return Response.json({ tag, settings: await detectorSettingsFor(dataLayer, projectId, tag), history: await thresholdHistory(dataLayer, projectId) });
});

/**
 * PUT /api/v1/detectors/settings `{tag?, detectors: {name: {enabled?, thresholds?}}}`: versioned in
 * the audit log. Answers the settings now in force, or only `{tag, changed}` to a key without the
 * `read` scope (the settings are what GET, a read, answers).
 */
export const PUT = withErrors(async (request: Request) => {
  const { projectId, actor, canRead } = await requireAlertWriter(request);
  const body = await jsonBody(request, settingsBodySchema);
  const { settings, changed } = await updateDetectorSettings(db(), projectId, body, { userId: null, email: actor });
  return Response.json(canRead ? { tag: body.tag, settings, changed } : { tag: body.tag, changed });
});
