export async function hello() {
  const response = await fetch('/api/hello')
  return response.json()
}
