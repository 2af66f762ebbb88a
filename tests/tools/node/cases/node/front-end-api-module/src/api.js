// A React app's src/api.js: named like a Node entry file, read for its calls (no `.listen(`).
export async function hello() {
  const response = await fetch('/api/hello')
  return response.json()
}

export const save = (data) =>
  fetch('http://localhost:5000/api/save', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(data),
  })
