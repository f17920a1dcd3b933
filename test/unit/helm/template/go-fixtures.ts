/**
 * The data of Go's text/template exec_test.go (type T and friends) in the Go value model: structs
 * are class instances (methods on the prototype, Go signatures declared for arity and type
 * checks), maps are plain objects, ints are bigints. Values Go can express but this model cannot
 * (uints, complex numbers, typed nil pointers, channels, typed maps) are left out; the tables say
 * which cases that skips.
 */
import { declareMethodSignature, declareSignature, sprintf, sprintln, goTypeOf, FunctionMap, TemplateSet, TemplateError } from '../../../../server/src/helm/template';
import type { ExecuteOptions } from '../../../../server/src/helm/template';

export class U {
  static goType = '*template.U';
  constructor(public V: string) {}
  TrueFalse(b: boolean): string {
    return b ? 'true' : '';
  }
}
declareMethodSignature(U.prototype, 'TrueFalse', ['bool']);

export class V {
  static goType = 'template.V';
  constructor(public j: bigint) {}
  String(): string {
    return `<${this.j}>`;
  }
}

export class W {
  static goType = 'template.W';
  constructor(public k: bigint) {}
  Error(): string {
    return `[${this.k}]`;
  }
}

/** A fmt.Stringer (bytes.Buffer in Go's test). */
export class BytesBuffer {
  static goType = '*bytes.Buffer';
  constructor(private readonly s: string) {}
  String(): string {
    return this.s;
  }
}

/** An error value (errors.New in Go's test). */
export class ErrorString {
  static goType = '*errors.errorString';
  constructor(private readonly s: string) {}
  Error(): string {
    return this.s;
  }
}

export class T {
  static goType = '*template.T';
  True = true;
  I = 17n;
  U16 = 16n;
  X = 'x';
  S = 'xyz';
  FloatZero = 0;
  U: U | null = new U('v');
  V0 = new V(6666n);
  V1 = new V(7777n);
  W0 = new W(888n);
  W1 = new W(999n);
  SI = [3n, 4n, 5n];
  SIEmpty: bigint[] = [];
  SB = [true, false];
  AI = [3n, 4n, 5n];
  PAI = [3n, 4n, 5n];
  MSI: Record<string, unknown> = { one: 1n, two: 2n, three: 3n };
  MSIone: Record<string, unknown> = { one: 1n };
  MSIEmpty: Record<string, unknown> = {};
  MXI: Record<string, unknown> = { one: 1n };
  SMSI = [{ one: 1n, two: 2n }, { eleven: 11n, twelve: 12n }];
  Empty0: unknown = null;
  Empty1: unknown = 3n;
  Empty2: unknown = 'empty2';
  Empty3: unknown = [7n, 8n];
  Empty4: unknown = new U('UinEmpty');
  NonEmptyInterface: unknown = null;
  NonEmptyInterfacePtS: unknown = ['a', 'b'];
  Str: unknown = new BytesBuffer('foozle');
  Err: unknown = new ErrorString('erroozle');
  PI: unknown = 23n;
  PS: unknown = 'a string';
  PSI: unknown = [21n, 22n, 23n];
  NIL: unknown = null;
  BinaryFunc = declareSignature((a: string, b: string) => `[${a}=${b}]`, ['string', 'string']);
  VariadicFunc = declareSignature((...s: string[]) => '<' + s.join('+') + '>', ['string'], true);
  VariadicFuncInt = declareSignature((a: bigint, ...s: string[]) => `${a}=<${s.join('+')}>`, ['int', 'string'], true);
  NilOKFunc = declareSignature((s: unknown) => s === null, ['any']);
  ErrFunc = declareSignature(() => 'bla', []);
  PanicFunc = declareSignature((): string => {
    throw new Error('test panic');
  }, []);
  unexported = 0n;

  Method0(): string {
    return 'M0';
  }
  Method1(a: bigint): bigint {
    return a;
  }
  Method2(a: bigint, b: string): string {
    return `Method2: ${a} ${b}`;
  }
  Method3(v: unknown): string {
    return sprintf('Method3: %v', [v]);
  }
  Copy(): T {
    return Object.assign(new T(), this);
  }
  MAdd(a: bigint, b: bigint[]): bigint[] {
    return b.map((x) => x + a);
  }
  MyError(error: boolean): boolean {
    if (error) throw new Error('my error');
    return false;
  }
  GetU(): U | null {
    return this.U;
  }
}
declareMethodSignature(T.prototype, 'Method0', []);
declareMethodSignature(T.prototype, 'Method1', ['int']);
declareMethodSignature(T.prototype, 'Method2', ['int', 'string']);
declareMethodSignature(T.prototype, 'Method3', ['any']);
declareMethodSignature(T.prototype, 'Copy', []);
declareMethodSignature(T.prototype, 'MAdd', ['int', '[]interface {}']);
declareMethodSignature(T.prototype, 'MyError', ['bool']);
declareMethodSignature(T.prototype, 'GetU', []);

export function tVal(): T {
  const t = new T();
  const inner = new T();
  inner.X = 'x';
  t.NonEmptyInterface = inner;
  return t;
}

/** The FuncMap of Go's testExecute. */
export const execFuncs: FunctionMap = {
  add: { fn: (_ctx, ...args) => (args as bigint[]).reduce((s, x) => s + x, 0n), params: ['int'], variadic: true },
  dddArg: { fn: (_ctx, a, ...b) => sprintln([a, b]), params: ['int', 'string'], variadic: true },
  die: {
    fn: () => {
      throw new Error('die');
    },
    params: [],
  },
  echo: { fn: (_ctx, arg) => arg, params: ['any'] },
  makemap: {
    fn: (_ctx, ...args) => {
      if (args.length % 2 !== 0) throw new Error('bad makemap');
      const m: Record<string, unknown> = {};
      for (let i = 0; i < args.length; i += 2) m[args[i] as string] = args[i + 1];
      return m;
    },
    params: ['string'],
    variadic: true,
  },
  mapOfThree: { fn: () => ({ three: 3n }), params: [] },
  oneArg: { fn: (_ctx, a) => 'oneArg=' + (a as string), params: ['string'] },
  returnInt: { fn: () => 7n, params: [] },
  stringer: { fn: (_ctx, s) => (s as BytesBuffer).String(), params: ['any'] },
  twoArgs: { fn: (_ctx, a, b) => 'twoArgs=' + (a as string) + (b as string), params: ['string', 'string'] },
  typeOf: { fn: (_ctx, arg) => sprintf('%T', [arg]), params: ['any'] },
  valueString: { fn: () => 'value is ignored', params: ['string'] },
  vfunc: { fn: () => 'vfunc', params: ['any', 'any'] },
  zeroArgs: { fn: () => 'zeroArgs', params: [] },
};

export interface Outcome {
  output?: string;
  error?: TemplateError;
}

/** Parses and executes input as template `name` (Go's New(name).Funcs(funcs).Parse(input).Execute). */
export function execute(name: string, input: string, data: unknown, funcs: FunctionMap = execFuncs, options: ExecuteOptions = { missingKey: 'default' }): Outcome {
  const set = new TemplateSet(funcs);
  try {
    set.add(name, input);
    return { output: set.execute(name, data, options).output };
  } catch (e) {
    if (e instanceof TemplateError) return { error: e };
    throw e;
  }
}

export { goTypeOf };
