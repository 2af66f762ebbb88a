const API = "http://localhost:8000/api";

export async function listImages(): Promise<string[]> {
  const response = await fetch(`${API}/images`);
  return response.json();
}
