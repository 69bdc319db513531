/**
 * Compiles values "pasted" into a TypeScript file, each declared with a type of Vapi's SDK, with `tsc --strict`
 * (the TypeScript compiler of the project, in memory: nothing is written). It is what a new user does with a reply of
 * this server: `const reply: Vapi.ServerMessageResponseAssistantRequest = <the JSON>;`. A literal gets the compiler's
 * excess property checks, so a field Vapi's types do not have is an error as much as a wrong type.
 */
import { resolve } from 'node:path';
import ts from 'typescript';

export interface PastedValue {
  /** A TypeScript identifier. */
  name: string;
  /** A type written against `Vapi` (imported from `@vapi-ai/server-sdk`), e.g. `Vapi.ServerMessageResponseToolCalls`. */
  type: string;
  value: unknown;
}

export interface PastedProblem {
  /** The value it is about (the declaration the line belongs to), or '' for the file as a whole. */
  name: string;
  message: string;
}

/** The compiler's complaints about each value; empty when every value has its type. */
export function compilePasted(values: PastedValue[]): PastedProblem[] {
  // Inside the project, so that `@vapi-ai/server-sdk` resolves from its node_modules as it would for a user's file.
  const file = resolve('test', '.pasted-vapi-replies.ts');
  const declarations = values.map((v) => `export const ${v.name}: ${v.type} = ${JSON.stringify(v.value, null, 2)};`);
  const text = ["import type { Vapi } from '@vapi-ai/server-sdk';", ...declarations, ''].join('\n');
  // The first line of each declaration (line 0 is the import).
  const firstLines: number[] = [];
  declarations.reduce((line, d) => (firstLines.push(line), line + d.split('\n').length), 1);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? text : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const index = firstLines.findLastIndex((first) => first <= line);
    return { name: index >= 0 ? values[index].name : '', message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
}
