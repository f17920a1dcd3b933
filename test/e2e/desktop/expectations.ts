/** What the outer runner tells the in-editor suite to expect (written as JSON, read inside VS Code). */
import type { Finding } from '../../../server/src/core/types';

export interface ExpectedFix { title: string; fixedText: string }

export interface DesktopExpectations {
  /** Workspace-relative paths of the fixture files. */
  files: { dockerfile: string; deployment: string; neverOpened: string };
  al301: Pick<Finding, 'message' | 'range' | 'severity'> & { fix: ExpectedFix };
  al202: Pick<Finding, 'message' | 'range' | 'severity'> & { fix: ExpectedFix };
  /** The image text in the Deployment (hover position). */
  image: string;
  /** Rule the never-opened file must get from Check Workspace. */
  neverOpenedRule: string;
}
