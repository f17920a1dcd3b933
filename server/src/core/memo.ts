/**
 * Facts derived from a model, computed once and kept with the model (not in module-level caches
 * of the rules that ask): a question is a function, asked of a subject (the model, a stage, a
 * pod); the answer lives as long as the subject does.
 */
export class Memo {
  private readonly answers = new Map<(subject: never) => unknown, WeakMap<object, unknown>>();

  /** An answer known beforehand (made for another purpose from the same subject): later asks take it. */
  set<S extends object, T>(question: (subject: S) => T, subject: S, answer: T): void {
    let bySubject = this.answers.get(question);
    if (!bySubject) {
      bySubject = new WeakMap();
      this.answers.set(question, bySubject);
    }
    bySubject.set(subject, answer);
  }

  /** The answer to `question` for `subject`, computed on first ask. */
  get<S extends object, T>(question: (subject: S) => T, subject: S): T {
    let bySubject = this.answers.get(question);
    if (!bySubject) {
      bySubject = new WeakMap();
      this.answers.set(question, bySubject);
    }
    if (bySubject.has(subject)) return bySubject.get(subject) as T;
    const answer = question(subject);
    bySubject.set(subject, answer);
    return answer;
  }
}
