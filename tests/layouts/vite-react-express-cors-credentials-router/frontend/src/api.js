const API = "http://localhost:5000/api";

export const me = () => fetch(`${API}/auth/me`, { credentials: "include" }).then((r) => r.json());
