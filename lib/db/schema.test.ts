import fs from "node:fs";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * lib/db/schema.ts (the data layer's table types) against prisma/schema.prisma, the schema of
 * record: every model is a table of `Database`, with exactly its columns, each typed as the
 * data layer returns it on both databases (see the conventions in lib/db/schema.ts).
 */
interface DmmfField { name: string; kind: string; type: string; isRequired: boolean; dbName?: string | null; hasDefaultValue: boolean; default?: unknown }
interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[] }

const TS_TYPES: Record<string, string> = {
  String: "string", Int: "number", Float: "number", Boolean: "SqlBool", DateTime: "Instant", Json: "JsonText", Bytes: "Buffer",
};

function expectedType(field: DmmfField): string {
  if ((field.default as { name?: string } | undefined)?.name === "autoincrement") return "AutoId";
  const base = `${TS_TYPES[field.type] ?? `unmapped ${field.type}`}${field.isRequired ? "" : " | null"}`;
  return field.hasDefaultValue ? `Generated<${base}>` : base;
}

/** interface name -> property name -> type text, from the TypeScript source. */
function interfacesOf(file: string): Map<string, Map<string, string>> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const result = new Map<string, Map<string, string>>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const members = new Map<string, string>();
    for (const member of node.members) {
      if (ts.isPropertySignature(member) && member.type) members.set(member.name.getText(source), member.type.getText(source).replace(/\s+/g, " "));
    }
    result.set(node.name.text, members);
  });
  return result;
}

describe("lib/db/schema.ts", () => {
  const prismaSchema = fs.readFileSync(path.resolve(__dirname, "../../prisma/schema.prisma"), "utf8");
  const models = (JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))).datamodel as { models: DmmfModel[] }).models;
  const interfaces = interfacesOf(path.resolve(__dirname, "schema.ts"));
  const database = interfaces.get("Database") ?? new Map<string, string>();

  it("has a table for every model and nothing else", () => {
    expect([...database.keys()].sort()).toEqual(models.map((m) => m.dbName ?? m.name).sort());
  });

  for (const model of models) {
    const table = model.dbName ?? model.name;
    it(`types every column of ${table} as model ${model.name} declares it`, () => {
      const columns = interfaces.get(database.get(table) ?? "") ?? new Map<string, string>();
      const expected = Object.fromEntries(model.fields.filter((f) => f.kind === "scalar").map((f) => [f.dbName ?? f.name, expectedType(f)]));
      expect(Object.fromEntries(columns)).toEqual(expected);
    });
  }
});
