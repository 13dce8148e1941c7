import { AuthProvider, useAuth } from "./auth/AuthContext";
import { SignIn } from "./auth/SignIn";
import { Workspace } from "./Workspace";

function Screen() {
  const { status } = useAuth();
  if (status === "loading")
    return (
      <div className="splash" role="status">
        <span className="spinner" aria-hidden="true" /> Loading Awning Assistant…
      </div>
    );
  return status === "signed-in" ? <Workspace /> : <SignIn />;
}

export function App() {
  return (
    <AuthProvider>
      <Screen />
    </AuthProvider>
  );
}
