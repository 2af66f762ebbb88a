export async function hello() {
  const response = await fetch("http://localhost:3000/api");
  return response.json();
}
