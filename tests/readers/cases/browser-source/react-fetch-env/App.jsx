import { useEffect, useState } from 'react'

const API_URL = import.meta.env.VITE_API_URL || 'http://localhost:8000'

export default function App() {
  const [items, setItems] = useState([])
  useEffect(() => {
    fetch(`${API_URL}/items`, { credentials: 'include' })
      .then((r) => r.json())
      .then(setItems)
  }, [])

  async function add(name) {
    // JSON.stringify without a Content-Type: fetch sends text/plain, no preflight
    await fetch(API_URL + '/items', { method: 'POST', body: JSON.stringify({ name }) })
    await fetch(`${API_URL}/items`, {
      method: 'post',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Trace': '1' },
      body: JSON.stringify({ name }),
    })
  }

  const remove = (id, method) => fetch(`/api/items/${id}`, { method })
  return <ul>{items.map((item) => <li key={item.id} onClick={() => remove(item.id, 'DELETE')}>{item.name}</li>)}</ul>
}
