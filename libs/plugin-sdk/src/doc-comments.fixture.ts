import { join, relative } from 'node:path';
import * as ts from 'typescript';

/*
 * Reads the TSDoc of the SDK's public surface with the TypeScript compiler API, from the sources
 * (the comments are copied verbatim into dist/*.d.ts, so the sources are what users see, and the
 * specs need no build). Shared by documented-exports.spec.ts and doc-examples.spec.ts.
 */

export const SDK_SRC = __dirname;

/** The package's entry points, as a plugin author imports them. */
export const ENTRY_POINTS: Record<string, string> = {
  '@stemflow/plugin-sdk': join(SDK_SRC, 'index.ts'),
  '@stemflow/plugin-sdk/testing': join(SDK_SRC, 'testing', 'index.ts'),
};

/** One doc comment, split the TSDoc way: the summary section, then block tags. */
export interface DocComment {
  /** Text before the first block tag. */
  summary: string;
  /** Code of every ```ts fence inside an `@example` block. */
  examples: string[];
  /** `@example` blocks that hold no ```ts fence (a mistake: the example would not be checked). */
  examplesWithoutCode: number;
}

/** A documentable item: a top-level export (one entry per declaration: overloads, const + type) or a member. */
export interface PublicItem {
  /** `runUdf`, `MemoryDataSet.readFrames`, … */
  name: string;
  kind: 'export' | 'member';
  entryPoint: string;
  /** `file.ts:line` of each declaration, for messages. */
  locations: string[];
  /** The nearest doc comment of each declaration, or undefined where there is none. */
  docs: (DocComment | undefined)[];
}

/** Splits a raw `/** … *\/` comment into summary and `@example` code; block tags inside fences are code. */
export function parseDocComment(raw: string): DocComment {
  const body = raw.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const lines = body.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  const summary: string[] = [];
  const examples: string[] = [];
  let examplesWithoutCode = 0;
  let tag: string | undefined;
  let fence: string[] | undefined;
  let exampleHasCode = false;
  const closeTag = (): void => {
    if (tag === 'example' && !exampleHasCode) examplesWithoutCode++;
  };
  for (const line of lines) {
    if (fence) {
      if (/^\s*```\s*$/.test(line)) {
        if (tag === 'example') examples.push(fence.join('\n'));
        fence = undefined;
      } else fence.push(line);
      continue;
    }
    if (/^\s*```(ts|typescript)\s*$/.test(line)) {
      fence = [];
      if (tag === 'example') exampleHasCode = true;
      continue;
    }
    const block = /^\s*@(\w+)/.exec(line);
    if (block) {
      closeTag();
      tag = block[1];
      exampleHasCode = false;
      continue;
    }
    if (tag === undefined) summary.push(line);
  }
  closeTag();
  return { summary: summary.join(' ').replace(/\s+/g, ' ').trim(), examples, examplesWithoutCode };
}

/** The nearest doc comment of a declaration (the last of the comments before it), as raw text. */
function rawDocOf(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const nearest = docs[docs.length - 1];
  return nearest?.getText();
}

function docOf(node: ts.Node): DocComment | undefined {
  const raw = rawDocOf(node);
  return raw === undefined ? undefined : parseDocComment(raw);
}

function locationOf(node: ts.Node): string {
  const file = node.getSourceFile();
  const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  return `${relative(SDK_SRC, file.fileName)}:${line}`;
}

const isOwn = (node: ts.Node): boolean => !relative(SDK_SRC, node.getSourceFile().fileName).startsWith('..');

/** Declarations that carry documentation: an overloaded function's implementation signature does not. */
function documentedDeclarations(symbol: ts.Symbol): ts.Declaration[] {
  const declarations = symbol.getDeclarations() ?? [];
  const overloaded = declarations.filter(ts.isFunctionDeclaration).length > 1;
  return declarations.filter((d) => !(overloaded && ts.isFunctionDeclaration(d) && d.body));
}

function isPublicMember(member: ts.Node): boolean {
  if (ts.isIndexSignatureDeclaration(member) || ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) return false;
  const name = (member as ts.NamedDeclaration).name;
  if (name && ts.isPrivateIdentifier(name)) return false;
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

function memberName(member: ts.Node): string {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  const name = (member as ts.NamedDeclaration).name;
  return name ? name.getText() : '(anonymous)';
}

/** Public members of an exported class or interface, constructor parameter properties included. */
function membersOf(declaration: ts.Declaration, owner: string, entryPoint: string): PublicItem[] {
  if (!ts.isClassDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) return [];
  const items: PublicItem[] = [];
  const add = (member: ts.Node, name: string): void => {
    items.push({ name: `${owner}.${name}`, kind: 'member', entryPoint, locations: [locationOf(member)], docs: [docOf(member)] });
  };
  for (const member of declaration.members) {
    if (!isPublicMember(member)) continue;
    add(member, memberName(member));
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isParameterPropertyDeclaration(parameter, member) && isPublicMember(parameter)) add(parameter, parameter.name.getText());
      }
    }
  }
  return items;
}

/**
 * Every export of the entry points with the doc comment of each of its declarations, then the
 * public members of exported classes and interfaces. Re-exports of another package (TypeBox's
 * `Type`) are documented on their `export` statement in the SDK.
 */
export function publicItems(program: ts.Program): PublicItem[] {
  const checker = program.getTypeChecker();
  const items: PublicItem[] = [];
  const seenMembers = new Set<ts.Declaration>();
  for (const [entryPoint, path] of Object.entries(ENTRY_POINTS)) {
    const file = program.getSourceFile(path);
    if (!file) throw new Error(`${path} is not part of the program`);
    const module = checker.getSymbolAtLocation(file)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const own = documentedDeclarations(target).filter(isOwn);
      let declarations: ts.Node[] = own;
      if (own.length === 0) {
        // Another package's symbol: the doc is on the specifier or on its `export { … } from` statement.
        const specifier = exported.getDeclarations()?.find(ts.isExportSpecifier);
        if (!specifier) continue;
        declarations = [docOf(specifier) ? specifier : specifier.parent.parent];
      }
      items.push({
        name: exported.getName(),
        kind: 'export',
        entryPoint,
        locations: declarations.map(locationOf),
        docs: declarations.map(docOf),
      });
      for (const declaration of own) {
        if (seenMembers.has(declaration)) continue;
        seenMembers.add(declaration);
        items.push(...membersOf(declaration, exported.getName(), entryPoint));
      }
    }
  }
  return items;
}

/** Compiler options of the SDK build, for a program that only reads and type-checks. */
export function sdkCompilerOptions(): ts.CompilerOptions {
  const configPath = join(SDK_SRC, '..', 'tsconfig.build.json');
  const fail = (d: ts.Diagnostic): never => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, declaration: false, sourceMap: false, incremental: false };
  delete options.outDir;
  delete options.rootDir;
  delete options.tsBuildInfoFile;
  return options;
}

/** A program over the two entry points (and whatever they import). */
export function sdkProgram(): ts.Program {
  return ts.createProgram({ rootNames: Object.values(ENTRY_POINTS), options: sdkCompilerOptions() });
}
