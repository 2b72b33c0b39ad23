import { migrate } from "@/lib/db/migrate";
import { sqlite } from "@/lib/db/sqlite";
import { DEMO_PROJECT_ID } from "@/lib/db/bootstrap";
import { seedDemo } from "@/lib/demo/seedDemo";

// `npm run db:seed`: (re)load the demo project, whether or not the database is empty.
const db = sqlite();
migrate(db);
db.prepare(`DELETE FROM projects WHERE id = ?`).run(DEMO_PROJECT_ID);
for (const table of ["token_position_rollups", "response_hourly_rollups"]) {
  db.prepare(`DELETE FROM ${table} WHERE project_id = ?`).run(DEMO_PROJECT_ID);
}
const started = Date.now();
const stored = seedDemo(db);
console.log(`Loaded ${stored} demo responses in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
