import { useEffect, useState } from "react";

export default function Todos() {
  const [todos, setTodos] = useState([]);
  useEffect(() => {
    fetch("http://localhost:8000/todo")
      .then((response) => response.json())
      .then((body) => setTodos(body.data));
  }, []);
  const add = (title) =>
    fetch("http://localhost:8000/todo", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ id: String(todos.length + 1), item: title }),
    });
  return <ul onClick={() => add("milk")}>{todos.map((todo) => <li key={todo.id}>{todo.item}</li>)}</ul>;
}
