#!/bin/sh
firebase emulators:start --config firebase/firebase.json
