/** Entry point of the console bundle: styles, the router, the live feed, then the app. */
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { render } from "preact";
import { App } from "./app.tsx";
import { connectLiveFeed } from "./live_feed.ts";
import { startRouter } from "./router.ts";

const root = document.getElementById("app");
if (!root) throw new Error("index.html has no #app element");
startRouter();
connectLiveFeed();
render(<App />, root);
