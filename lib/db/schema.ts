import type { ColumnType, Generated, SqlBool } from "kysely";

/**
 * The tables as the data layer (lib/db/database.ts) sees them, on SQLite and PostgreSQL alike;
 * lib/db/schema.test.ts checks every model and column of prisma/schema.prisma is here with a
 * compatible type. Conventions, the same on both databases:
 * - instants are Unix milliseconds (`number`): SQLite INTEGER, PostgreSQL BIGINT;
 * - JSON columns read and write JSON text (`string`): PostgreSQL's `json` keeps the text as
 *   written and the pool returns it (lib/db/database.ts), so callers parse it as on SQLite;
 * - booleans read as 0/1 on SQLite and true/false on PostgreSQL (`SqlBool`): test with `Boolean(x)`;
 * - binary columns are `Buffer` (BLOB / bytea).
 */
type Instant = number;
type JsonText = string;
/** Autoincrement ids: optional on insert, never updated. */
type AutoId = ColumnType<number, number | undefined, never>;

export interface ProjectsTable {
  id: string;
  name: string;
  is_demo: Generated<SqlBool>;
  created_at: Instant;
  proxy_top_logprobs: Generated<number>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_admin: Generated<SqlBool>;
  created_at: Instant;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: Instant;
  expires_at: Instant;
  last_seen_at: Instant;
}

export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: string;
  created_at: Instant;
}

export interface InvitationsTable {
  id: string;
  email: string;
  project_id: string;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: Instant;
  expires_at: Instant;
  accepted_at: Instant | null;
  revoked_at: Instant | null;
}

export interface AuditLogTable {
  id: AutoId;
  at: Instant;
  user_id: string | null;
  user_email: string | null;
  project_id: string | null;
  action: string;
  details: JsonText | null;
}

export interface ApiKeysTable {
  id: string;
  project_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string;
  created_at: Instant;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

export interface ResponsesTable {
  id: AutoId;
  project_id: string;
  external_id: string | null;
  sample_index: Generated<number>;
  provider: string | null;
  model: string;
  source_format: string;
  occurred_at: Instant;
  received_at: Instant;
  prompt: string | null;
  messages: JsonText | null;
  params: JsonText | null;
  output_text: string;
  finish_reason: string | null;
  tags: JsonText | null;
  metadata: JsonText | null;
  token_count: number;
  sum_logprob: number | null;
  avg_logprob: number | null;
  perplexity: number | null;
  length_normalized_logprob: number | null;
  min_logprob: number | null;
  mean_entropy_bits: number | null;
  max_entropy_bits: number | null;
  mean_margin: number | null;
  low_confidence_ratio: number | null;
  sudden_drops: number;
  hotspot_count: Generated<number>;
  hotspots: JsonText | null;
  flags: JsonText | null;
  flag_count: Generated<number>;
  prompt_token_count: Generated<number>;
  /** NULL on rows stored before the column (20261129040000_zero_probability_tokens). */
  zero_probability_tokens: number | null;
}

export interface ResponseTokensTable {
  response_id: number;
  occurred_at: Instant;
  tokens_blob: Buffer;
  prompt_tokens_blob: Buffer | null;
}

export interface ResponseTagsTable {
  response_id: number;
  project_id: string;
  tag: string;
  occurred_at: Instant;
}

/** The models and tags seen in a project (lib/db/projectFacets.ts). */
export interface ProjectFacetsTable {
  project_id: string;
  /** "model" or "tag" */
  kind: string;
  value: string;
}

export interface TokenPositionCellsTable {
  project_id: string;
  bucket_start: Instant;
  model: string;
  position_bucket: number;
  prob_bucket: number;
  token_count: number;
}

export interface TokenPositionDailyCellsTable {
  project_id: string;
  day_start: Instant;
  model: string;
  position_bucket: number;
  prob_bucket: number;
  token_count: number;
}

export interface ResponseHourlyRollupsTable {
  project_id: string;
  /** '' for every response; a tagged response is also counted under each of its tags. */
  tag: string;
  bucket_start: Instant;
  model: string;
  response_count: number;
  token_count: number;
  flagged_count: number;
  sum_avg_logprob: number;
  avg_logprob_count: number;
  sum_min_logprob: number;
  min_logprob_count: number;
}

export interface ResponseMetricBinsTable {
  project_id: string;
  tag: string;
  metric: number;
  bucket_start: Instant;
  model: string;
  bin: number;
  response_count: number;
}

export interface IngestRateBucketsTable {
  key_id: string;
  rate_per_minute: number;
  tokens: number;
  updated_at: Instant;
  refused: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Instant;
}

/** Failed sign-ins per throttle key in the window that began at its first failure (lib/auth/loginThrottle.ts). */
export interface LoginThrottleTable {
  key: string;
  window_start: Instant;
  failures: number;
}

/** Providers added on the Settings page (lib/providers/providerStore.ts); the key only encrypted. */
export interface ProvidersTable {
  id: string;
  label: string;
  preset: string;
  base_url: string;
  api_key_encrypted: string | null;
  models: JsonText | null;
  limits: JsonText | null;
  created_at: Instant;
  updated_at: Instant;
}

/** Detector results: one per (project, detector, dedupe key); lib/alerts. */
export interface AlertsTable {
  id: AutoId;
  project_id: string;
  detector: string;
  dedupe_key: string;
  response_id: number | null;
  model: string;
  severity: string;
  status: Generated<string>;
  value: number;
  threshold: number;
  evidence: JsonText;
  occurred_at: Instant;
  created_at: Instant;
  updated_at: Instant;
  status_changed_by: string | null;
}

/** Per-project (and later per-tag, `tag` != "") detector switches and thresholds. */
export interface DetectorSettingsTable {
  project_id: string;
  detector: string;
  tag: Generated<string>;
  enabled: Generated<SqlBool>;
  thresholds: JsonText | null;
  updated_at: Instant;
  updated_by: string | null;
}

/** A classification task (lib/classification/): labels is a JSON array of strings. */
export interface ClassificationTasksTable {
  id: string;
  project_id: string;
  name: string;
  labels: JsonText;
  tag: string;
  created_at: Instant;
  updated_at: Instant;
  scoring_status: string;
  scan_cursor: Generated<number>;
  scored_count: Generated<number>;
  total_count: Generated<number>;
}

/** One response's label scores for a task; the figures are null when no label matched. */
export interface ClassificationScoresTable {
  task_id: string;
  response_id: number;
  external_id: string | null;
  occurred_at: Instant;
  source: string | null;
  predicted: string | null;
  confidence: number | null;
  log_margin: number | null;
  entropy_bits: number | null;
  label_logprobs: JsonText | null;
  probabilities: JsonText | null;
  floored: JsonText | null;
}

/** Ground truth per task and external id. */
export interface ClassificationTruthsTable {
  task_id: string;
  external_id: string;
  label: string;
  updated_at: Instant;
}

/** Drift probe sets (lib/probes); `prompts` is a JSON list of strings. */
export interface ProbeSetsTable {
  id: string;
  project_id: string;
  name: string;
  provider_id: string;
  model: string;
  prompts: JsonText;
  max_tokens: number;
  temperature: number;
  top_logprobs: number;
  runs_per_prompt: number;
  interval_minutes: number | null;
  kl_threshold: number;
  next_run_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
}

/** One run of a probe set, compared with its baseline (lib/probes/runProbeSet.ts). */
export interface ProbeRunsTable {
  id: AutoId;
  probe_set_id: string;
  project_id: string;
  model: string;
  status: string;
  is_baseline: Generated<SqlBool>;
  mean_kl: number | null;
  mean_entropy_shift: number | null;
  argmax_changed_share: number | null;
  alert_raised: Generated<SqlBool>;
  alert_id: number | null;
  comparison: JsonText | null;
  error: string | null;
  started_at: Instant;
  finished_at: Instant;
}

/** One generation of a probe run, its tokens in the token blob encoding. */
export interface ProbeSamplesTable {
  run_id: number;
  prompt_index: number;
  repeat_index: number;
  output_text: string;
  tokens_blob: Buffer;
}

/** A human's verdict on a response, one per response (lib/triage/verdicts.ts). */
export interface ResponseVerdictsTable {
  response_id: number;
  project_id: string;
  verdict: string;
  note: string | null;
  hallucination_score: number | null;
  judged_by: string;
  judged_at: Instant;
}

/** Background re-application of detector settings to recent responses (lib/alerts/thresholdJobs.ts). */
export interface ThresholdJobsTable {
  id: string;
  project_id: string;
  status: Generated<string>;
  days: number;
  total: Generated<number>;
  processed: Generated<number>;
  raised: Generated<number>;
  cleared: Generated<number>;
  last_response_id: Generated<number>;
  error: string | null;
  created_by: string;
  created_at: Instant;
  updated_at: Instant;
  finished_at: Instant | null;
}

/** A project's webhook; the secret only encrypted (lib/webhooks). */
export interface WebhooksTable {
  id: string;
  project_id: string;
  url: string;
  secret_encrypted: string;
  enabled: Generated<SqlBool>;
  last_alert_id: Generated<number>;
  created_by: string | null;
  created_at: Instant;
}

/** The webhook delivery queue (lib/webhooks/deliveryQueue.ts). */
export interface WebhookDeliveriesTable {
  id: AutoId;
  webhook_id: string;
  project_id: string;
  alert_id: number;
  body: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  last_attempt_at: Instant | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Instant;
  delivered_at: Instant | null;
}

export interface Database {
  projects: ProjectsTable;
  users: UsersTable;
  sessions: SessionsTable;
  project_members: ProjectMembersTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  api_keys: ApiKeysTable;
  responses: ResponsesTable;
  response_tokens: ResponseTokensTable;
  response_tags: ResponseTagsTable;
  project_facets: ProjectFacetsTable;
  token_position_cells: TokenPositionCellsTable;
  token_position_daily_cells: TokenPositionDailyCellsTable;
  response_hourly_rollups: ResponseHourlyRollupsTable;
  response_metric_bins: ResponseMetricBinsTable;
  ingest_rate_buckets: IngestRateBucketsTable;
  settings: SettingsTable;
  login_throttle: LoginThrottleTable;
  providers: ProvidersTable;
  alerts: AlertsTable;
  detector_settings: DetectorSettingsTable;
  classification_tasks: ClassificationTasksTable;
  classification_scores: ClassificationScoresTable;
  classification_truths: ClassificationTruthsTable;
  probe_sets: ProbeSetsTable;
  probe_runs: ProbeRunsTable;
  probe_samples: ProbeSamplesTable;
  response_verdicts: ResponseVerdictsTable;
  threshold_jobs: ThresholdJobsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
