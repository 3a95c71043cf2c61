// Catches a view that throws while rendering, so one broken panel says what broke (with a way to
// retry) instead of blanking the whole console.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Where the boundary sits, for the message ("the logs view"). */
  label: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`meerkat: ${this.props.label} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <div className="error-panel" role="alert">
        <h2>Something went wrong in {this.props.label}</h2>
        <p className="error-message">{error.message}</p>
        <p className="muted">The rest of the console still works. Try again, or reload the window if it keeps failing.</p>
        <button type="button" className="button primary" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
        {error.stack ? (
          <details>
            <summary>Details</summary>
            <pre className="stack">{error.stack}</pre>
          </details>
        ) : null}
      </div>
    );
  }
}
