import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the SPA with hot reload and forwards the API, the WebSocket and
// /config.json to a running local stack (`make dev`, port 3000 unless AWNING_API says otherwise).
const api = process.env.AWNING_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: {
      "/api": api,
      "/config.json": api,
      "/ws": { target: api.replace(/^http/, "ws"), ws: true },
    },
  },
});
