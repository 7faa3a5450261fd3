// Runs in every test file (jest setupFilesAfterEnv): temp dirs go away when the file is done.
import { removeTempDirs } from './paths';

afterAll(() => removeTempDirs());
