/**
 * The few browser APIs the page-side callbacks of workbench.ts use. The project compiles without
 * the DOM lib (server code must not see browser globals), so these are declared here, as types
 * only, and bound to the page's globals in workbench.ts's own module scope.
 */
export interface PageRect { x: number; y: number; width: number; height: number }

export interface PageNode {
  textContent: string | null;
}

export interface PageElement extends PageNode {
  innerText: string;
  style: { top: string };
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getBoundingClientRect(): PageRect;
}

export interface PageRange {
  setStart(node: PageNode, offset: number): void;
  setEnd(node: PageNode, offset: number): void;
  getBoundingClientRect(): PageRect;
}

export interface PageDocument {
  body: PageElement;
  createRange(): PageRange;
  createTreeWalker(root: PageElement, whatToShow: number): { nextNode(): PageNode | null };
  querySelectorAll(selector: string): Iterable<PageElement>;
}

export interface PageMutationObserver {
  observe(target: PageElement, options: { subtree?: boolean; childList?: boolean; characterData?: boolean; attributes?: boolean }): void;
}
