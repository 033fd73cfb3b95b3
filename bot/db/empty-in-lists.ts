import {
  BinaryOperationNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  ValueListNode,
  ValueNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";

class Rewrite extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const op = OperatorNode.is(node.operator) ? node.operator.operator : null;
    const right = node.rightOperand;
    const empty = (PrimitiveValueListNode.is(right) || ValueListNode.is(right)) && right.values.length === 0;
    if (empty && (op === "in" || op === "not in")) {
      // `x IN ()` is a syntax error on PostgreSQL (SQLite accepts it): nothing is in an empty list.
      return BinaryOperationNode.create(
        ValueNode.createImmediate(1),
        OperatorNode.create("="),
        ValueNode.createImmediate(op === "in" ? 0 : 1),
      );
    }
    return super.transformBinaryOperation(node);
  }
}

/**
 * Lets a query filter by a list that may be empty (`where("id", "in", ids)`), the same on both
 * providers: `IN ()` is always false and `NOT IN ()` always true, as SQLite already reads them.
 */
export class EmptyInLists implements KyselyPlugin {
  readonly #rewrite = new Rewrite();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#rewrite.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
