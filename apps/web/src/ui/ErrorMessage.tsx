interface ErrorMessageProps {
  message: string | null | undefined;
  testId?: string;
}

/** A problem the user should read, e.g. the `detail` of a problem+json answer. */
export function ErrorMessage({ message, testId }: ErrorMessageProps) {
  if (!message) return null;
  return (
    <div className="error-message" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}
