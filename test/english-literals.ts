// Finds the English a person could read in a source file: string and template literals, and JSX
// text and attributes, read with the TypeScript parser so quotes, templates spanning lines and
// JSX are seen as the compiler sees them. Used by user-texts.test.ts.
import ts from "typescript";

/** One literal that reads as English, where it is. */
export interface EnglishLiteral {
  line: number;
  text: string;
  /** The top-level declaration it stands in (`defaultPipeline`), or "" at the top level itself. */
  within: string;
}

/** The name of the top-level function, class or variable a node stands in. */
function topLevelName(node: ts.Node): string {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) return n.name.text;
  if (ts.isVariableStatement(n)) return n.declarationList.declarations[0]?.name.getText() ?? "";
  return "";
}

/** Property, attribute and setter names whose value is shown as it is: a label, a title, a message. */
const shownKeys =
  /^(label|title|placeholder|text|content|description|header|footer|alt|aria-label|summary|heading|caption|tooltip|subject|submit|close|message|name_localized)$/;
const shownSetters = /^set(Label|Placeholder|Title|Description|Content|Footer|Author)$/;
/** Calls whose literals nobody but developers and operators read. */
const operatorCalls = /(^console|\blog\b.*|\bLog\b.*|logger.*)\.(info|warn|error|debug|trace|log)$/i;
/** Helpers that name a platform request for the delivery error they may raise (`call("PATCH card", …)`): their first argument. */
const operatorHelpers = /^(call|deliveryFailure)$/;
/** Functions that show their text arguments to a person as they are: a reply, an ephemeral answer. */
const shownCalls = /^(tell|say|reply|respond|ephemeral|answer|followUp|editReply|postEphemeral|postMessage)$/;
/** Zod's refinements and checks, and a configuration's `issue(path, message)`: their messages are refusals a bad setting shows the operator at start. */
const refusalCalls =
  /^(refine|superRefine|check|addIssue|issue|min|max|length|regex|describe|email|url|int|positive|nonnegative|nonempty|startsWith|endsWith|includes)$/;
/** Constructors of errors for logs and operators (a HelpdeskError takes catalogue messages). */
const operatorErrors = /^(?!Helpdesk)\w*Error$/;
/** Properties read by operators or browsers: an audit-log reason, a failure kept for operators, a link relation, why a surface is off (said at start). */
const operatorKeys = /^(reason|lastError|rel|off)$/;

/** Words: a capital or lowercase run of letters, with an apostrophe inside (“don't”). */
const word = /^[A-Za-z][a-z]*(?:[’'][a-z]+|\(s\))?[.,:;!?)]*$/;
/** Placeholders (read as a number: `card.${…}Priority` stays code) and Slack `:emoji:`. */
const placeholders = /\$\{…\}/g;
const emojiCodes = /:[a-z_]+:/g;
/** Code quoted in a sentence (`/ticket`), and Slack's _italic_ around words. */
const quotedCode = /`[^`]*`/g;
const italic = /(^|[\s(])_([^_]+)_(?=$|[\s).,:;!?])/g;
/** HTML tags around words. */
const tags = /<\/?[a-z][^<>]*>/g;
/** SQL aliases (`Ticket as t`). */
const sqlAlias = /^\w+ as [a-z]{1,3}$/;
/** Emoji, markdown and quotes around words. */
const wrapping = /[^\p{L}\p{N}\s'’.,:;!?()#-]/gu;
/** Code, not words: operators, brackets, identifiers with `_`, paths, dotted names, addresses (judged per word). */
const code = /[=<>{}[\]\\|_/@$]|\w\.\w/;
/** A text that is code as a whole: a URL, or an expression with operators between words. */
const wholeCode = /^\w+:\/\/|\s(=|==|!=|<>|<=|>=|\|\||&&)\s|^[{[]|[}\]]$/;

/**
 * How a literal's text reads: `prose` for a run of three words or more (a sentence), `label` for
 * one or two words, `phrase` for two words that stand alone (“Not set”, “(no subject)”), else null.
 */
export function readsAs(raw: string): "prose" | "phrase" | "label" | "words" | null {
  const bare = raw
    .replace(placeholders, "0")
    .replace(emojiCodes, " ")
    .replace(tags, " ")
    .replace(quotedCode, " ")
    .replace(italic, "$1$2")
    .trim();
  if (wholeCode.test(bare) || sqlAlias.test(bare)) return null;
  const words = bare.split(/\s+/).filter((w) => w !== "");
  const plain = words.filter((w) => !code.test(w));
  if (!plain.length) return null; // all code: a path, an identifier, an address
  const tokens = plain
    .join(" ")
    .replace(wrapping, " ")
    .split(/\s+/)
    .filter((w) => w !== "" && !/^[#(\d.,:;!?)-]+$/.test(w));
  let run = 0;
  let longest = 0;
  for (const t of tokens) {
    run = word.test(t.replace(/^\(/, "")) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  if (!tokens.some((w) => /[a-z]{2}/.test(w))) return null; // SQL keywords, acronyms: ORDER BY, CSV
  if (longest >= 3) return "prose";
  if (longest !== tokens.length || longest === 0) return null;
  // Two words read as a phrase when capitalised, in parentheses, or around placeholders (`${a} moved to ${b}`).
  if (longest === 2 && (/^[A-Z]/.test(tokens[0]!) || /^\(.*\)$/.test(bare.trim()) || raw.includes("${…}"))) return "phrase";
  if (/^[A-Z]/.test(tokens[0]!)) return "label";
  return longest === 2 ? "words" : null; // one lowercase word is an id (`text: "text"`, `say("info")`)
}

/** Whether a `super(…)` call is in a class extending an error: a message for logs. */
function extendsError(call: ts.Node): boolean {
  let c: ts.Node = call;
  while (!ts.isClassLike(c) && c.parent) c = c.parent;
  return ts.isClassLike(c) && (c.heritageClauses ?? []).some((h) => h.types.some((t) => operatorErrors.test(t.expression.getText())));
}

/** Whether the literal's text is read by developers or operators only, by where it stands. */
function forOperators(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p) || ts.isExternalModuleReference(p)) return true;
    if (ts.isCallExpression(p) && n !== p.expression && operatorCalls.test(p.expression.getText())) return true;
    if (ts.isCallExpression(p) && n === p.arguments[0] && ts.isIdentifier(p.expression) && operatorHelpers.test(p.expression.text))
      return true;
    if ((ts.isPropertyAssignment(p) || ts.isJsxAttribute(p)) && operatorKeys.test(p.name.getText())) return true;
    if (ts.isNewExpression(p) && ts.isIdentifier(p.expression) && operatorErrors.test(p.expression.text)) return true;
    if (ts.isCallExpression(p) && p.expression.kind === ts.SyntaxKind.SuperKeyword && extendsError(p)) return true;
    if (ts.isElementAccessExpression(p) && n === p.argumentExpression) return true;
    if (ts.isTaggedTemplateExpression(p)) return true; // sql`…`
    if (ts.isCaseClause(p) || (ts.isPropertyAssignment(p) && n === p.name)) return true;
    if (ts.isBinaryExpression(p) && /^(===|!==|==|!=|in)$/.test(ts.tokenToString(p.operatorToken.kind) ?? "")) return true;
    if (ts.isStatement(n) || ts.isJsxElement(n)) return false;
  }
  return false;
}

/** Whether the literal is the value of a property, attribute or setter that shows it as it is. */
function inShownPlace(node: ts.Node): boolean {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || ts.isConditionalExpression(n.parent) || ts.isJsxExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isPropertyAssignment(p) && n === p.initializer) return shownKeys.test(p.name.getText());
  if (ts.isJsxAttribute(p)) return shownKeys.test(p.name.getText());
  if (ts.isCallExpression(p) && n !== p.expression) {
    const callee = ts.isPropertyAccessExpression(p.expression)
      ? p.expression.name.text
      : ts.isIdentifier(p.expression)
        ? p.expression.text
        : "";
    return shownSetters.test(callee) || shownCalls.test(callee);
  }
  return false;
}

/**
 * Whether, in a configuration file, the literal is a refusal read by the operator at start: a
 * message given to a zod check or refinement (or to the file's `issue`), a schema's `error` or
 * `message` parameter, or an argument of `z.…`
 * itself (`z.literal("…")`). A schema's defaults and other values are judged as anywhere else.
 */
function configRefusal(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent && !ts.isSourceFile(n.parent); n = n.parent) {
    const p = n.parent;
    if (ts.isPropertyAssignment(p) && n === p.initializer) return /^(message|error)$/.test(p.name.getText()); // `{ error: … }` of any zod call
    if (ts.isCallExpression(p) && n !== p.expression) {
      const callee = ts.isPropertyAccessExpression(p.expression)
        ? p.expression.name.text
        : ts.isIdentifier(p.expression)
          ? p.expression.text
          : "";
      if (refusalCalls.test(callee)) return true;
      if (ts.isPropertyAccessExpression(p.expression) && p.expression.expression.getText() === "z" && n === node) return true;
    }
  }
  return false;
}

/** The text of a literal, its placeholders written `${…}`. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => "${…}" + s.literal.text).join("");
  if (ts.isJsxText(node)) return node.text.replace(/\s+/g, " ").trim();
  return null;
}

/**
 * The literals in `source` that read as English and could be shown to someone: a sentence
 * anywhere but where only developers look (logs, plain Errors, imports, types, comparisons), and a
 * one- or two-word label as JSX text or the value of a label, title, text or content.
 */
export function englishLiterals(fileName: string, source: string): EnglishLiteral[] {
  const kind = fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const found: EnglishLiteral[] = [];
  const configFile = /(^|[/-])config\.ts$/.test(fileName);
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== null) {
      const reads = readsAs(text);
      const shown =
        reads === "prose" || reads === "phrase" || ((reads === "label" || reads === "words") && (ts.isJsxText(node) || inShownPlace(node)));
      if (shown && !forOperators(node) && !(configFile && configRefusal(node))) {
        found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text, within: topLevelName(node) });
      }
      if (!ts.isTemplateExpression(node)) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
