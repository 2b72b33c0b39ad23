import { OperationNodeTransformer, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type PrimitiveValueListNode, type QueryResult, type RootOperationNode, type UnknownRow, type ValueNode } from "kysely";
import { storableText } from "./storableText";

function storableValue(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value) && value.some((item) => typeof item === "string" && item.includes("\u0000"))) {
    return value.map((item) => (typeof item === "string" ? storableText(item) : item));
  }
  return value;
}

/** Rewrites every string parameter of a query (and string arrays, as the unnest writes bind) with storableText. */
class StorableTextTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = storableValue(node.value);
    return value === node.value ? node : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    const values = node.values.map(storableValue);
    return values.every((value, i) => value === node.values[i]) ? node : { ...node, values };
  }
}

/**
 * Every string a query binds, in one place for both databases: a NUL in a filter, a search term
 * or a name answered 500 on PostgreSQL (text cannot hold it, error 22021) and, on SQLite, cut the
 * LIKE pattern short so `?q=%00zz` matched every response. As U+FFFD it matches what ingest
 * stored for the same text, and stores as it would.
 */
export class StorableTextPlugin implements KyselyPlugin {
  readonly #transformer = new StorableTextTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
